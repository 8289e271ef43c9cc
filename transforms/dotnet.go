package transforms

import (
	"path"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Dotnet detects `dotnet publish -o DIR` in the .NET SDK image, or the
// build a CMD dotnet run makes (dotnetrun.go); the runtime stage copies
// DIR onto the ASP.NET or .NET runtime image of the same version
// (runtime-deps for a self-contained publish).
var Dotnet = rewrite.Toolchain{
	Name:        "dotnet",
	Families:    []string{"mcr.microsoft.com/dotnet/sdk", "mcr.microsoft.com/dotnet/core/sdk", "microsoft/dotnet"},
	Tools:       []string{"dotnet"},
	BuildInputs: dotnetBuildInputs,
	Doc:         "dotnet publish -o DIR (or the build CMD dotnet run stands for) in mcr.microsoft.com/dotnet/sdk; DIR (or bin/<configuration>/<framework>) on the aspnet, runtime or runtime-deps image of the same version",
	Detect:      detectDotnet,
}

// dotnetBuildInputs are the files only the build reads (classify.go).
var dotnetBuildInputs = []rewrite.FileRule{
	{Name: "*.cs", Why: "a C# source"}, {Name: "*.fs", Why: "an F# source"}, {Name: "*.vb", Why: "a Visual Basic source"},
	{Name: "*.csproj", Why: "a project file"}, {Name: "*.fsproj", Why: "a project file"}, {Name: "*.vbproj", Why: "a project file"},
	{Name: "*.sln", Why: "a solution file"}, {Name: "*.props", Why: "an MSBuild file"}, {Name: "*.targets", Why: "an MSBuild file"},
	{Name: "nuget.config", Why: "NuGet's settings"}, {Name: "NuGet.Config", Why: "NuGet's settings"}, {Name: "global.json", Why: "the SDK's pin"},
	{Dir: "obj", Why: "MSBuild's intermediate output"}, {Dir: "bin", Why: "MSBuild's output from the host"},
}

var dotnetBuildOnly = rewrite.WordSet(`DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_SKIP_FIRST_TIME_EXPERIENCE DOTNET_NOLOGO NUGET_PACKAGES NUGET_XMLDOC_MODE DEBIAN_FRONTEND`)

func detectDotnet(st *rewrite.Stage, p *rewrite.Pass) (*rewrite.Build, error) {
	calls, err := st.CallsOf("dotnet", "publish")
	if err != nil {
		return nil, err
	}
	var run *dotnetRun
	if len(calls) == 0 {
		// CMD dotnet run: the build it makes when the container starts.
		run, err = readDotnetRun(st, p)
		if run == nil && err == nil {
			// dotnet build -o DIR, and CMD dotnet DIR/App.dll.
			run, err = readDotnetBuildOutput(st, p)
		}
		if run == nil || err != nil {
			return nil, err
		}
	}
	what := "dotnet publish"
	switch {
	case run != nil && run.in != nil:
		what = "dotnet run"
	case run != nil:
		what = "dotnet build"
	}
	if err := p.OfficialImage(st, what); err != nil {
		return nil, err
	}
	img := st.BaseImage
	b := &rewrite.Build{BuildOnly: dotnetBuildOnly.Has, BuildOutputs: []string{"dir:obj", "dir:bin"}}
	if run != nil {
		run.apply(st, b)
	}
	selfContained := false
	for _, tc := range calls {
		if err := tc.Decidable(); err != nil {
			return nil, err
		}
		out, config := "", ""
		args := tc.Call.Args
		for i := 2; i < len(args); i++ {
			a := args[i]
			switch {
			case (a == "-o" || a == "--output") && i+1 < len(args):
				out = args[i+1]
				i++
			case strings.HasPrefix(a, "--output="):
				out = strings.TrimPrefix(a, "--output=")
			case (a == "-c" || a == "--configuration") && i+1 < len(args):
				config = args[i+1]
				i++
			case strings.HasPrefix(a, "--configuration="):
				config = strings.TrimPrefix(a, "--configuration=")
			case a == "--self-contained" || a == "--sc":
				selfContained = true
				if i+1 < len(args) && (args[i+1] == "true" || args[i+1] == "false") {
					selfContained = args[i+1] == "true"
					i++
				}
			case a == "-p:PublishAot=true" || a == "/p:PublishAot=true":
				selfContained = true
			}
		}
		dir, how := "", "dotnet publish -o "+out
		if out != "" {
			dir = shell.Resolve(tc.Call.Dir, out)
		} else if dir = defaultPublishDir(st, projectDir(tc.Call), config); dir == "" {
			return nil, rewrite.Skipf(tc.In.Line(), "dotnet publish without -o writes to bin/<configuration>/<framework>/publish of the project, and the container does not run a dll from there: give -o")
		} else {
			how = "dotnet publish without -o writes to the project's bin/<configuration>/<framework>/publish, where the container runs its dll"
		}
		b.Steps = append(b.Steps, tc.In)
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: dir, Dir: true, Line: tc.In.Line(), How: how})
	}
	if run == nil {
		dotnetPublished(st, b, p.Options.Context)
	}
	if userRuntime(b, p) {
		return b, nil
	}
	sdkTag := img.Tag
	if img.Repo == "microsoft/dotnet" {
		// The old repository tagged its images 2.2-sdk, 2.1-aspnetcore-runtime-alpine.
		version, rest, ok := strings.Cut(img.Tag, "-sdk")
		if !ok || version == "" || strings.HasPrefix(version, "1.") || strings.HasPrefix(version, "2.0") {
			return nil, rewrite.Skipf(st.From.Line(), "cannot derive a runtime image from microsoft/dotnet:%s: only the 2.1 and later -sdk tags have runtime images of the same name", img.Tag)
		}
		sdkTag = version + rest
	}
	tag, ok := dotnetRuntimeTag(sdkTag)
	if !ok {
		return nil, rewrite.Skipf(st.From.Line(), "cannot derive the runtime image's tag from the SDK's %q: runtime images carry the runtime's version, not the SDK's (give --runtime-image)", img.Tag)
	}
	if tag != sdkTag && img.Tag != "" {
		p.Notef(st.From.Line(), "the SDK tag %s names an SDK release; the runtime images are tagged by the runtime's version: %s, its newest patch", img.Tag, tag)
	}
	kind := "aspnet"
	switch {
	case selfContained:
		kind, b.Why = "runtime-deps", "a self-contained publish carries its runtime: it needs only the runtime's dependencies"
	case dotnetConsole(p.Options.Context):
		kind, b.Why = "runtime", "the project is not a web project (Microsoft.NET.Sdk): the .NET runtime of the SDK's version"
	default:
		b.Why = "ASP.NET Core runtime of the SDK's version (it also runs console apps; a project file in the context can narrow it)"
	}
	b.Runtime = dotnetRuntimeImage(img.Repo, kind, tag)
	if ctx := p.Options.Context; ctx != nil {
		facts := csFacts(ctx)
		b.TimeZones, b.Programs = facts.zones, facts.programs
	}
	// nodejs installed only for a SPA's npm build stays behind.
	if pkg := nodeForAssets(st, p, b.Programs); pkg != "" {
		b.BuildPackages = append(b.BuildPackages, pkg)
	}
	// What the build installed with apt or apk (libgdiplus for
	// System.Drawing, a tool the program starts): installed again.
	libs, err := st.PackagesFor(rewrite.LookupImage(b.Runtime), "the program", b.BuildPackages...)
	if err != nil {
		return nil, err
	}
	b.Libraries = append(b.Libraries, libs...)
	if img.Libc == rewrite.Musl && !dotnetInvariant(p.Options.Context) {
		// The SDK's alpine images carry ICU and turn the invariant mode
		// off; the runtime images leave ICU out and turn it on
		// (samples/enable-globalization.md in dotnet/dotnet-docker):
		// cultures, sorting and casing would change.
		icu := "icu-data-full icu-libs" // icu-libs alone has English only since alpine 3.16
		_, release, _ := strings.Cut(tag, "alpine")
		release, _, _ = strings.Cut(release, "-")
		major, _ := strconv.Atoi(strings.SplitN(tag, ".", 2)[0])
		if rewrite.AlpineRelease(release) && rewrite.AlpineBefore(release, 16) || release == "" && major < 6 {
			// Before alpine 3.16 icu-libs held every locale; the SDK
			// images of .NET 5 and older installed it alone.
			icu = "icu-libs"
		}
		for _, pkg := range strings.Fields(icu) {
			b.Libraries = append(b.Libraries, rewrite.Library{Dev: pkg, Package: pkg, AsIs: true,
				Why: img.Ref + " has ICU and the alpine runtime images do not, so that the program's cultures stay as they were"})
		}
		b.RuntimeEnv = append(b.RuntimeEnv, rewrite.RuntimeEnv{Name: "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", Value: "false",
			Why: img.Ref + " sets it; the alpine runtime images set true (globalization-invariant mode)"})
	}
	return b, nil
}

// dotnetInvariant tells whether the context's project files (at its root
// or one folder down) all build for the globalization-invariant mode,
// which needs no ICU.
func dotnetInvariant(ctx *buildctx.Context) bool {
	projects := dotnetProjects(ctx)
	for _, f := range projects {
		data, err := ctx.ReadFile(f)
		if err != nil || !strings.Contains(string(data), "<InvariantGlobalization>true</InvariantGlobalization>") {
			return false
		}
	}
	return len(projects) > 0
}

// dotnetRuntimeImage names a runtime image (kind: aspnet, runtime or
// runtime-deps) in the SDK repository's own naming: today's
// mcr.microsoft.com/dotnet/, .NET Core 2.1 to 3.1's
// mcr.microsoft.com/dotnet/core/, or Docker Hub's microsoft/dotnet, whose
// tags carry the kind (2.2-aspnetcore-runtime).
func dotnetRuntimeImage(sdkRepo, kind, tag string) string {
	switch sdkRepo {
	case "mcr.microsoft.com/dotnet/core/sdk":
		return "mcr.microsoft.com/dotnet/core/" + kind + ":" + tag
	case "microsoft/dotnet":
		if kind == "aspnet" {
			kind = "aspnetcore-runtime"
		}
		version, suffix, _ := strings.Cut(tag, "-")
		if suffix != "" {
			suffix = "-" + suffix
		}
		return "microsoft/dotnet:" + version + "-" + kind + suffix
	}
	return "mcr.microsoft.com/dotnet/" + kind + ":" + tag
}

// dotnetRuntimeTag derives the runtime images' tag from the SDK image's:
// the same major.minor and the same OS and architecture suffix. An SDK
// release's own version (8.0.100, a feature band) has no runtime image
// (8.0.100 ships runtime 8.0.0, 8.0.404 runtime 8.0.11): the tag falls
// back to major.minor, whose newest patch runs what any 8.0 SDK built.
// Previews, AOT SDKs and suffixes msrewrite does not know are not
// derived.
func dotnetRuntimeTag(sdk string) (string, bool) {
	if sdk == "" || sdk == "latest" {
		return "latest", true
	}
	version, rest, _ := strings.Cut(sdk, "-")
	parts := strings.Split(version, ".")
	if len(parts) < 2 || len(parts) > 3 || !rewrite.Digits(parts[0]) || !rewrite.Digits(parts[1]) {
		return "", false
	}
	if len(parts) == 3 && (!rewrite.Digits(parts[2]) || len(parts[2]) != 3) {
		return "", false
	}
	var suffix []string
	for i, w := range strings.Split(rest, "-") {
		switch {
		case rest == "":
		case i == 0 && rewrite.Digits(w) && len(parts) == 3:
			// The image's own revision of an SDK release (8.0.100-1-...).
		case dotnetTagWords.Has(w) || strings.HasPrefix(w, "alpine") && (w == "alpine" || rewrite.AlpineRelease(w[len("alpine"):])):
			suffix = append(suffix, w)
		default:
			return "", false
		}
	}
	return strings.Join(append([]string{parts[0] + "." + parts[1]}, suffix...), "-"), true
}

// dotnetTagWords are the OS and architecture words of the .NET images'
// tags that the runtime images share.
var dotnetTagWords = rewrite.WordSet(`bookworm bullseye buster trixie slim jammy noble focal amd64 arm64v8 arm32v7`)

// dotnetProjects are the C# project files at the context's root and two
// folders down (src/Api/Api.csproj), where a Dockerfile's publish finds
// them.
func dotnetProjects(ctx *buildctx.Context) []string {
	return dotnetProjectFiles(ctx, 3, ".csproj")
}

// dotnetProjectFiles are the context's project files with the extensions
// in its first depth levels of folders (1: the root alone).
func dotnetProjectFiles(ctx *buildctx.Context, depth int, exts ...string) []string {
	if ctx == nil {
		return nil
	}
	var projects []string
	for d := range depth {
		for _, ext := range exts {
			more, _ := ctx.Glob(strings.Repeat("*/", d) + "*" + ext)
			projects = append(projects, more...)
		}
	}
	return projects
}

// dotnetValueOptions are dotnet publish's options that take the next word.
var dotnetValueOptions = rewrite.WordSet(`-c --configuration -o --output -r --runtime -f --framework -v --verbosity
	--version-suffix -a --arch --os --source -s --property`)

// projectDir is the folder of the project a dotnet command builds: the
// project file or folder it names, or its working folder.
func projectDir(c shell.Call) string {
	for i := 2; i < len(c.Args); i++ {
		a := c.Args[i]
		switch {
		case dotnetValueOptions.Has(a):
			i++
		case strings.HasPrefix(a, "-"):
		case strings.HasSuffix(a, "proj") || strings.HasSuffix(a, ".sln"):
			return path.Dir(shell.Resolve(c.Dir, a))
		default:
			return shell.Resolve(c.Dir, a)
		}
	}
	return c.Dir
}

// defaultPublishDir is the folder a dotnet publish without -o, run in dir,
// wrote the dll the container runs to: <project>/bin/<configuration>/
// <framework>[/<runtime>]/publish. The configuration is -c's, or by
// default Release for a project that targets .NET 8 or later
// (PublishRelease) and Debug before; the framework and runtime are read
// from the dll's path, which the project decides. "" when the container
// runs no dll from such a folder below dir.
func defaultPublishDir(st *rewrite.Stage, dir, config string) string {
	prog := st.Program()
	if prog == nil || dir == "" || st.Final.Workdir == "" {
		return ""
	}
	words := commandWords(st, prog)
	if len(words) < 2 || path.Base(words[0]) != "dotnet" || !strings.HasSuffix(words[1], ".dll") {
		return ""
	}
	publish := path.Dir(shell.Resolve(st.Final.Workdir, words[1]))
	rel, ok := strings.CutPrefix(publish, dir+"/bin/")
	parts := strings.Split(rel, "/") // configuration/framework[/runtime]/publish
	if !ok || len(parts) < 3 || len(parts) > 4 || parts[len(parts)-1] != "publish" {
		return ""
	}
	tfm, found := strings.CutPrefix(parts[1], "net")
	major, err := strconv.Atoi(strings.SplitN(tfm, ".", 2)[0])
	if !found || err != nil {
		return ""
	}
	if config == "" {
		config = "Debug"
		if major >= 8 {
			config = "Release"
		}
	}
	if parts[0] != config {
		return ""
	}
	return publish
}

// dotnetPublished classifies a web project's content files, which dotnet
// publish copies into its output (appsettings*.json, wwwroot/): when the
// program runs from that output folder (the final WORKDIR), its content
// root is there, and the copies the COPYs put beside the sources are
// never read. A project file that names those files itself (to copy or
// leave them otherwise), or ASPNETCORE_CONTENTROOT, leaves them carried.
func dotnetPublished(st *rewrite.Stage, b *rewrite.Build, ctx *buildctx.Context) {
	if ctx == nil {
		return
	}
	if _, set, _ := st.Final.Get("ASPNETCORE_CONTENTROOT"); set {
		return
	}
	out := ""
	for _, a := range b.Artifacts {
		if under(st.Final.Workdir, a.Path) {
			out = a.Path
		}
	}
	if out == "" {
		return
	}
	why := "published into " + out + " by dotnet publish (a web project's content), where the program, run from there, reads it"
	for _, f := range dotnetProjects(ctx) {
		data, err := ctx.ReadFile(f)
		text := string(data)
		if err != nil || !strings.Contains(text, `Sdk="Microsoft.NET.Sdk.Web"`) || strings.Contains(text, "appsettings") || strings.Contains(text, "wwwroot") {
			continue
		}
		dir := path.Dir(f)
		settings, _ := ctx.Glob(path.Join(dir, "appsettings*.json"))
		for _, m := range settings {
			mark(b, m, why)
		}
		if ok, isDir := ctx.Stat(path.Join(dir, "wwwroot")); ok && isDir {
			ctx.Walk(path.Join(dir, "wwwroot"), func(p string, isDir bool) error {
				if !isDir {
					mark(b, p, why)
				}
				return nil
			})
		}
	}
}

// mark records a context file as compiled into (or published with) the
// artifacts, with why: the runtime stage leaves it out.
func mark(b *rewrite.Build, file, why string) {
	if b.CompiledIn == nil {
		b.CompiledIn = map[string]string{}
	}
	b.CompiledIn[file] = why
}

// dotnetConsole tells whether the build context's project files (at its
// root or one folder down) are all plain (console) projects, so the
// smaller runtime image suffices.
func dotnetConsole(ctx *buildctx.Context) bool {
	projects := dotnetProjects(ctx)
	if len(projects) == 0 {
		return false
	}
	for _, f := range projects {
		data, err := ctx.ReadFile(f)
		// A plain or worker project needs only the runtime, unless it
		// references ASP.NET Core's shared framework: itself, or through
		// a package (Serilog.AspNetCore, Microsoft.AspNetCore.Authentication.JwtBearer
		// carry a FrameworkReference to it).
		text := string(data)
		plain := strings.Contains(text, `Sdk="Microsoft.NET.Sdk"`) || strings.Contains(text, `Sdk="Microsoft.NET.Sdk.Worker"`)
		if err != nil || !plain || strings.Contains(strings.ToLower(text), "aspnetcore") {
			return false
		}
	}
	// Directory.Build.props and .targets add references to every project.
	for _, f := range []string{"Directory.Build.props", "Directory.Build.targets"} {
		if data, err := ctx.ReadFile(f); err == nil && strings.Contains(strings.ToLower(string(data)), "aspnetcore") {
			return false
		}
	}
	return true
}

func init() {
	var images []rewrite.ImageFamily
	for _, repo := range []string{"sdk", "aspnet", "runtime", "runtime-deps"} {
		images = append(images, rewrite.ImageFamily{Repo: "mcr.microsoft.com/dotnet/" + repo, Describe: describeDotnet},
			rewrite.ImageFamily{Repo: "mcr.microsoft.com/dotnet/core/" + repo, Describe: describeDotnet})
	}
	images = append(images, rewrite.ImageFamily{Repo: "microsoft/dotnet", Describe: describeDotnet})
	register(Dotnet, images...)
}

// describeDotnet is what the .NET images hold: a Debian or alpine base,
// and dotnet on PATH in all but runtime-deps (for self-contained apps).
// dotnetRelease is the distribution release of a .NET image tag: the one
// it names (8.0-bookworm-slim, 8.0-jammy), or for a tag that names none
// the default of its major version, which has not moved: Debian 12 for
// .NET 8 and 9, Ubuntu 24.04 for 10 (dotnet/dotnet-docker's supported
// tags). "" when unknown: an older version whose default moved from
// bullseye to bookworm, alpine, Azure Linux, or no version.
func dotnetRelease(tag string) string {
	words := strings.Split(tag, "-")
	for _, w := range words[1:] {
		switch w {
		case "bookworm", "bullseye", "buster", "trixie", "focal", "jammy", "noble":
			return w
		case "alpine", "azurelinux3.0", "cbl", "nanoserver", "windowsservercore":
			return ""
		}
		if strings.HasPrefix(w, "alpine") || strings.HasPrefix(w, "azurelinux") {
			return ""
		}
	}
	major, _, _ := strings.Cut(words[0], ".")
	switch major {
	case "8", "9":
		return "bookworm"
	case "10":
		return "noble"
	}
	return ""
}

func describeDotnet(img *rewrite.Image) {
	img.Known, img.Shell, img.CACerts, img.Libc = true, true, true, rewrite.Glibc
	// Debian's programs, or Ubuntu's for the jammy and noble images (10's
	// default): the images' own base, nothing more.
	img.Programs = rewrite.UbuntuPrograms
	if strings.Contains(img.Tag, "alpine") {
		img.Libc, img.Programs = rewrite.Musl, rewrite.BusyboxPrograms
	}
	img.Release = dotnetRelease(img.Tag)
	if img.Family != "runtime-deps" && !strings.Contains(img.Tag, "runtime-deps") {
		img.Programs = img.Programs.With("dotnet")
	}
	if img.Family == "sdk" || strings.Contains(img.Tag, "-sdk") {
		// The SDK images install curl, git and wget (dotnet/dotnet-docker's
		// Dockerfiles), and PowerShell as a global tool: the SDK's.
		img.Programs = img.Programs.With("git curl wget")
		img.Toolchain = "pwsh"
	}
}

// dotnetHostOptions are the dotnet host's options that take a value, as
// `dotnet [host-options] app.dll` reads them.
var dotnetHostOptions = rewrite.WordSet(`--additionalprobingpath --additional-deps --depsfile --fx-version --roll-forward --roll-forward-on-no-candidate-fx --runtimeconfig`)

// dotnetRuntimeOptions are the dotnet host's options a runtime image
// answers without an SDK.
var dotnetRuntimeOptions = rewrite.WordSet(`--info --list-runtimes --list-sdks -h --help`)

// sdkCommand tells what SDK command a dotnet command line runs ("dotnet
// ef", "dotnet build"), or "" when it runs an application (dotnet
// app.dll, dotnet exec app.dll), which the aspnet, runtime and
// runtime-deps images can. Everything else dotnet is given is the SDK's:
// its commands, and the tools (dotnet-ef) it looks for as dotnet-NAME.
func sdkCommand(words []string) string {
	if len(words) == 0 || path.Base(words[0]) != "dotnet" {
		return ""
	}
	for i := 1; i < len(words); i++ {
		w := words[i]
		switch {
		case dotnetHostOptions.Has(w):
			i++
		case dotnetRuntimeOptions.Has(w):
			return ""
		case strings.HasPrefix(w, "-"):
		case w == "exec" || strings.HasSuffix(w, ".dll"):
			return ""
		case w == "":
			return "dotnet with a first word that cannot be known"
		default:
			return "dotnet " + w
		}
	}
	return "dotnet without an application"
}
