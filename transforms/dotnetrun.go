package transforms

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// dotnetRun is CMD ["dotnet", "run", ...] read as what it does when the
// container starts in the SDK image: it restores and builds the project
// of its working folder (Debug unless -c says), then runs the dll from
// bin/<configuration>/<framework>/ in that same working folder (the
// content root of a web app), with the words after --. The runtime stage
// has no SDK: its command runs that dll, which a build in the builder
// made (the file's own dotnet build, or one the rewrite adds). Without
// in, it is a dotnet build -o DIR the container already runs a dll from
// (readDotnetBuildOutput): the command stays as it is.
type dotnetRun struct {
	in    *dockerfile.Instruction // the CMD or ENTRYPOINT that runs dotnet run
	shell bool
	step  *dockerfile.Instruction // the dotnet build the runtime stage's dll comes from
	tail  string                  // the dotnet build the rewrite adds, when the file has none
	out   string                  // bin/<configuration>/<framework> of the project
	dll   string
	args  []string
	kind  string
	how   string // for a dotnet build -o the container runs from: what wrote out
}

// dotnetRunOutput are the MSBuild properties that move the build's output
// or change what dotnet run starts, in a project file, a
// Directory.Build.props or .targets, or the environment (MSBuild reads
// environment variables as properties): with one of them set, the dll's
// place or its command line is not the default one msrewrite writes.
var dotnetRunOutput = []string{"Configuration", "OutputPath", "BaseOutputPath", "OutDir", "UseArtifactsOutput",
	"ArtifactsPath", "AppendTargetFrameworkToOutputPath", "RuntimeIdentifier", "TargetName", "RunCommand",
	"RunArguments", "RunWorkingDirectory", "StartWorkingDirectory", "StartArguments", "StartProgram", "StartAction"}

// dotnetRunOptions are dotnet run's options (dotnet run --help of the
// .NET 6 to 10 SDKs) that readDotnetRun does not follow: the file is left
// alone rather than have one read as the program's argument.
var dotnetRunOptions = rewrite.WordSet(`-a --arch --artifacts-path --disable-build-servers -e --environment --file
	-f --framework --force --interactive -lp --launch-profile --no-cache --no-dependencies --os -p --property -r
	--runtime --sc --self-contained --no-self-contained --tl -s --source -h --help -? --ucr --use-current-runtime`)

// readDotnetRun reads the container's dotnet run; nil when the container
// does not start with one.
func readDotnetRun(st *rewrite.Stage, p *rewrite.Pass) (*dotnetRun, error) {
	prog := st.Program()
	if prog == nil || path.Base(prog.Name) != "dotnet" {
		return nil, nil
	}
	words, err := literalCommand(st, prog, "dotnet run")
	if err != nil {
		return nil, err
	}
	if len(words) < 2 || words[1] != "run" {
		return nil, nil
	}
	kind := strings.ToUpper(prog.In.Name())
	what := kind + " dotnet run"
	line, _ := prog.In.CommandLine()
	if cmdFollows(st, prog) {
		return nil, rewrite.Skipf(prog.In.Line(), "ENTRYPOINT runs dotnet run with CMD's words after it: which of them dotnet takes cannot be told")
	}
	if st.Final.Workdir == "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: the working folder, where it finds the project, cannot be known", what)
	}
	r := &dotnetRun{in: prog.In, shell: line.PrependShell, kind: kind}
	config, project, noBuild, noRestore, noProfile := "", "", false, false, false
	for i := 2; i < len(words); i++ {
		switch w := words[i]; {
		case w == "--":
			r.args = append(r.args, words[i+1:]...)
			i = len(words)
		case (w == "-c" || w == "--configuration") && i+1 < len(words):
			config = words[i+1]
			i++
		case strings.HasPrefix(w, "--configuration="):
			config = strings.TrimPrefix(w, "--configuration=")
		case w == "--project" && i+1 < len(words):
			project = words[i+1]
			i++
		case (w == "-v" || w == "--verbosity") && i+1 < len(words):
			i++
		case w == "--no-build":
			noBuild = true
		case w == "--no-restore":
			noRestore = true
		case w == "--no-launch-profile":
			noProfile = true
		case dotnetRunOptions.Has(optionName(w)) || strings.HasPrefix(w, "/p"):
			// A framework, a runtime, a property, a launch profile by
			// name, variables: each changes what is built or how it starts.
			return nil, rewrite.Skipf(prog.In.Line(), "%s %s: what it builds and runs with it is not known to msrewrite", what, w)
		default:
			// dotnet run hands the words it does not take to the program
			// (--urls http://0.0.0.0:5000), before those after --.
			r.args = append(r.args, w)
		}
	}
	ctx := p.Options.Context
	if ctx == nil {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: which project it builds, and the dll it runs, are read from the project file in the build context (pass --context)", what)
	}
	dir := st.Final.Workdir
	if project != "" {
		dir = shell.Resolve(dir, project)
	}
	proj, err := dotnetRunProject(st, ctx, dir)
	if err != nil {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %v", what, err)
	}
	if path.Ext(dir) == path.Ext(proj) {
		dir = path.Dir(dir) // --project app/App.csproj
	}
	data, err := ctx.ReadFile(proj)
	if err != nil {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %s cannot be read: %v", what, proj, err)
	}
	tfm, asm, why := dotnetRunProperties(proj, string(data))
	if why == "" {
		why = dotnetRunSettings(st, ctx)
	}
	if why != "" {
		return nil, rewrite.Skipf(prog.In.Line(), "%s: %s", what, why)
	}
	for _, name := range []string{"ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"} {
		// In Development a web app serves the static files of its
		// packages from the NuGet cache (static web assets), which the
		// build output only points to.
		if v, set, known := st.Final.Get(name); set && (!known || strings.EqualFold(v, "Development")) {
			return nil, rewrite.Skipf(prog.In.Line(), "%s with %s=%s: a web app in Development serves its packages' static files from the SDK's NuGet cache, which the runtime stage would not have", what, name, v)
		}
	}
	if !noProfile {
		if settings, ok := contextPathAt(st, ctx, len(st.Body), path.Join(dir, "Properties/launchSettings.json")); ok {
			return nil, rewrite.Skipf(prog.In.Line(), "%s applies the first profile of %s (its environment variables and URLs), which the dll run alone would not: add --no-launch-profile to the command if the container does without it", what, settings)
		}
	}
	if config == "" {
		config = "Debug"
	}
	r.out = path.Join(dir, "bin", config, tfm)
	r.dll = path.Join(r.out, asm+".dll")
	// The file's own build of the same project and configuration, when
	// nothing the image gets after it could make dotnet run build again.
	build := []string{"dotnet", "build"}
	if config != "Debug" {
		build = append(build, "-c", config)
	}
	if project != "" {
		build = append(build, project)
	}
	if noRestore {
		build = append(build, "--no-restore")
	}
	builds, err := st.CallsOf("dotnet", "build")
	if err != nil {
		return nil, err
	}
	for _, tc := range builds {
		if dotnetSameBuild(tc, dir, config) && (noBuild || lastChange(st, tc.In)) {
			r.step = tc.In
		}
	}
	if r.step == nil {
		if noBuild {
			return nil, rewrite.Skipf(prog.In.Line(), "%s --no-build: no dotnet build of %s before it is known", what, proj)
		}
		run, word, ok := shell.Join(build)
		if !ok {
			return nil, rewrite.Skipf(prog.In.Line(), "%s: %q cannot be written in a RUN", what, word)
		}
		r.step, r.tail = prog.In, run
	}
	return r, nil
}

// apply puts the dotnet run's build into b: the build step, the output
// folder as the artifact, the command that runs the dll.
func (r *dotnetRun) apply(st *rewrite.Stage, b *rewrite.Build) {
	how := "dotnet build writes the project's dll and its dependencies to " + r.out + ", where dotnet run runs it from"
	if r.in == nil {
		how = r.how
	}
	if r.tail != "" {
		b.Tail = []string{st.Doc.Keyword("RUN") + " " + r.tail}
		how = "the dotnet build that dotnet run made when the container started, added at the end of the builder, writes to " + r.out
	}
	b.Steps = append(b.Steps, r.step)
	b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: r.out, Dir: true, Line: r.step.Line(), How: how})
	if r.in == nil {
		return // the container runs the dll already, from the -o folder
	}
	// bin/<configuration>/<framework> is the artifact: only obj/ is the
	// build's own.
	b.BuildOutputs = []string{"dir:obj"}
	b.Command = &rewrite.Command{In: r.in, Args: append([]string{"dotnet", r.dll}, r.args...), Shell: r.shell,
		Why: "dotnet run builds with the SDK when the container starts, which the runtime image lacks: " + r.kind + " runs the dll " + r.dll + " the build made, in the same working folder"}
}

// readDotnetBuildOutput reads a `dotnet build -o DIR` whose dll the
// container runs from DIR (`dotnet DIR/App.dll`): since .NET Core 3.0 the
// build copies the packages into DIR, which runs on the runtime images as
// a publish's folder does. nil when the container runs no dll from a
// build's -o folder.
func readDotnetBuildOutput(st *rewrite.Stage, p *rewrite.Pass) (*dotnetRun, error) {
	prog := st.Program()
	if prog == nil || st.Final.Workdir == "" {
		return nil, nil
	}
	dll := hostedDll(commandWords(st, prog))
	if dll == "" {
		return nil, nil
	}
	dll = shell.Resolve(st.Final.Workdir, dll)
	builds, err := st.CallsOf("dotnet", "build")
	if err != nil {
		return nil, err
	}
	for _, tc := range builds {
		_, out, bad := dotnetBuildArgs(tc.Call.Args)
		if out == "" || tc.Decidable() != nil || path.Dir(dll) != shell.Resolve(tc.Call.Dir, out) {
			continue
		}
		what := "dotnet build -o " + out
		if bad != "" {
			return nil, rewrite.Skipf(tc.In.Line(), "%s %s: what it builds with it is not known to msrewrite", what, bad)
		}
		ctx := p.Options.Context
		if ctx == nil {
			return nil, rewrite.Skipf(tc.In.Line(), "%s: whether its output runs without the SDK is read from the project file in the build context (pass --context)", what)
		}
		proj, err := dotnetRunProject(st, ctx, projectDir(tc.Call))
		if err != nil {
			return nil, rewrite.Skipf(tc.In.Line(), "%s: %v", what, err)
		}
		data, err := ctx.ReadFile(proj)
		if err != nil {
			return nil, rewrite.Skipf(tc.In.Line(), "%s: %s cannot be read: %v", what, proj, err)
		}
		if _, _, why := dotnetRunProperties(proj, string(data)); why != "" {
			return nil, rewrite.Skipf(tc.In.Line(), "%s: %s", what, why)
		}
		return &dotnetRun{step: tc.In, out: path.Dir(dll),
			how: what + " writes the project's dll and the packages it uses to " + path.Dir(dll) + ", from which the container runs it"}, nil
	}
	return nil, nil
}

// hostedDll is the dll a `dotnet [host options] [exec] app.dll` command
// line runs, as written; "" when it runs none.
func hostedDll(words []string) string {
	if len(words) == 0 || path.Base(words[0]) != "dotnet" {
		return ""
	}
	for i := 1; i < len(words); i++ {
		switch w := words[i]; {
		case dotnetHostOptions.Has(w):
			i++
		case w == "exec" || strings.HasPrefix(w, "-"):
		case strings.HasSuffix(w, ".dll"):
			return w
		default:
			return ""
		}
	}
	return ""
}

// dotnetRunProject is the context path of the project file dotnet run
// builds in the image folder dir (or the project file dir names): the
// only one there, as dotnet run requires.
func dotnetRunProject(st *rewrite.Stage, ctx *buildctx.Context, dir string) (string, error) {
	var found []string
	for _, f := range dotnetProjectFiles(ctx, 4, ".csproj", ".fsproj", ".vbproj") {
		at := path.Join(dir, path.Base(f))
		if dotnetProjectExts.Has(path.Ext(dir)) {
			at = dir
		}
		if src, ok := contextPathAt(st, ctx, len(st.Body), at); ok && src == f && !slices.Contains(found, f) {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("no project file the build context brings to %s is known", dir)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("%s holds several project files (%s), and dotnet run needs --project", dir, strings.Join(found, ", "))
}

var dotnetProjectExts = rewrite.WordSet(`.csproj .fsproj .vbproj`)

// dotnetRunProperties reads what decides the dll's place from a project
// file: its one target framework, its assembly name (the file's name by
// default); why says what msrewrite cannot follow: several frameworks,
// an SDK that runs something else (Blazor's development server), a
// library, imports, or a property that moves the output.
func dotnetRunProperties(file, text string) (tfm, asm, why string) {
	sdk := ""
	for _, s := range []string{"Microsoft.NET.Sdk.Web", "Microsoft.NET.Sdk.Worker", "Microsoft.NET.Sdk"} {
		if strings.Contains(text, `Sdk="`+s+`"`) {
			sdk = s
			break
		}
	}
	switch {
	case sdk == "":
		return "", "", file + " uses an SDK msrewrite does not know"
	case strings.Contains(text, "<Import "):
		return "", "", file + " imports other MSBuild files"
	case strings.Contains(text, "<TargetFrameworks>"):
		return "", "", file + " targets several frameworks, and which one is built takes -f"
	}
	if name := dotnetOutputProperty(text); name != "" {
		return "", "", file + " sets " + name + ", which moves the build's output or changes what dotnet run starts"
	}
	tfm, ok := xmlProperty(text, "TargetFramework")
	if !ok || tfm == "" {
		return "", "", file + " does not name its target framework in one literal TargetFramework"
	}
	if !dotnetBuildCopiesPackages(tfm) {
		// Before .NET Core 3.0 the build left the packages in the NuGet
		// cache, where the dll looked for them (runtimeconfig.dev.json).
		return "", "", file + " targets " + tfm + ", whose build output runs only beside the SDK's NuGet cache"
	}
	asm, ok = xmlProperty(text, "AssemblyName")
	if !ok {
		return "", "", file + " names its assembly more than once or with a property"
	}
	if asm == "" {
		asm = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	if out, _ := xmlProperty(text, "OutputType"); sdk == "Microsoft.NET.Sdk" && out != "Exe" && out != "WinExe" {
		return "", "", file + " builds a library (no OutputType Exe)"
	}
	return tfm, asm, ""
}

// dotnetOutputProperty is the first of dotnetRunOutput that text sets.
func dotnetOutputProperty(text string) string {
	for _, name := range dotnetRunOutput {
		if strings.Contains(text, "<"+name+">") || strings.Contains(text, "<"+name+" ") {
			return name
		}
	}
	return ""
}

// xmlProperty is the value of an MSBuild property the text sets once, as
// a literal ("" when it does not set it); ok is false when it sets it
// more than once or from other properties.
func xmlProperty(text, name string) (string, bool) {
	open, end := "<"+name+">", "</"+name+">"
	if strings.Count(text, "<"+name) > 1 {
		return "", false
	}
	_, rest, found := strings.Cut(text, open)
	if !found {
		return "", !strings.Contains(text, "<"+name+" ")
	}
	value, _, found := strings.Cut(rest, end)
	value = strings.TrimSpace(value)
	if !found || strings.ContainsAny(value, "$@%<;") {
		return "", false
	}
	return value, true
}

// dotnetRunSettings says what else sets the properties that move the
// output: a Directory.Build.props or .targets in the context, which
// MSBuild imports into every project below it, or the environment.
func dotnetRunSettings(st *rewrite.Stage, ctx *buildctx.Context) string {
	for _, pattern := range []string{"Directory.Build.*", "*/Directory.Build.*", "*/*/Directory.Build.*"} {
		files, _ := ctx.Glob(pattern)
		for _, f := range files {
			data, err := ctx.ReadFile(f)
			if err != nil {
				return f + " cannot be read"
			}
			text := string(data)
			if name := dotnetOutputProperty(text); name != "" {
				return f + " sets " + name + ", which moves the build's output or changes what dotnet run starts"
			}
			for _, name := range []string{"TargetFramework", "AssemblyName", "OutputType", "Import "} {
				if strings.Contains(text, "<"+name) {
					return f + " sets " + strings.TrimSpace(name) + " for the projects below it, which msrewrite does not follow"
				}
			}
		}
	}
	for _, name := range dotnetRunOutput {
		for _, v := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
			if _, set, _ := st.Final.Get(v); set {
				return "the environment sets " + v + ", which MSBuild reads as a property: the build's output or what dotnet run starts may change"
			}
		}
	}
	return ""
}

// dotnetSameBuild tells whether a dotnet build builds the project in dir
// with the configuration, to the default output folder.
func dotnetSameBuild(tc rewrite.ToolCall, dir, config string) bool {
	if tc.Decidable() != nil {
		return false
	}
	got, out, other := dotnetBuildArgs(tc.Call.Args)
	if out != "" || other != "" {
		return false // -o, -f, -r, -p:...: another output, or another build
	}
	pd := projectDir(tc.Call)
	if dotnetProjectExts.Has(path.Ext(pd)) {
		pd = path.Dir(pd)
	}
	return got == config && pd == dir
}

// dotnetBuildArgs reads the options of a dotnet build that msrewrite
// follows: the configuration (Debug when none is given), the -o folder
// ("" for none), and the first other option ("" for none: -r, -f, -p:,
// --self-contained change what is built).
func dotnetBuildArgs(args []string) (config, out, other string) {
	config = "Debug"
	for i := 2; i < len(args); i++ {
		switch a := args[i]; {
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
		case (a == "-v" || a == "--verbosity") && i+1 < len(args):
			i++
		case a == "--no-restore" || a == "--nologo":
		case strings.HasPrefix(a, "-") && other == "":
			other = a
		}
	}
	return config, out, other
}

// optionName is an option's name without the value written into the word
// (-p:Name=Value, --framework=net8.0).
func optionName(w string) string {
	name, _, _ := strings.Cut(w, "=")
	name, _, _ = strings.Cut(name, ":")
	return name
}

// dotnetBuildCopiesPackages tells whether dotnet build copies the NuGet
// packages a project uses into its output for the framework, so that the
// output runs on its own: .NET Core 3.0 and later (net5.0 and on, without
// a platform such as -windows).
func dotnetBuildCopiesPackages(tfm string) bool {
	if v, ok := strings.CutPrefix(tfm, "netcoreapp"); ok {
		return v == "3.0" || v == "3.1"
	}
	v, ok := strings.CutPrefix(tfm, "net")
	major, minor, dotted := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	return ok && dotted && err == nil && n >= 5 && rewrite.Digits(minor)
}
