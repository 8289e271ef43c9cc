package transforms

import (
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// Dotnet detects `dotnet publish -o DIR` in the .NET SDK image; the
// runtime stage copies DIR onto the ASP.NET or .NET runtime image of the
// same version (runtime-deps for a self-contained publish).
var Dotnet = rewrite.Toolchain{
	Name:        "dotnet",
	Families:    []string{"mcr.microsoft.com/dotnet/sdk"},
	BuildInputs: dotnetBuildInputs,
	Doc:         "dotnet publish -o DIR in mcr.microsoft.com/dotnet/sdk; DIR on the aspnet, runtime or runtime-deps image of the same version",
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
	if err != nil || len(calls) == 0 {
		return nil, err
	}
	if err := p.OfficialImage(st, "dotnet publish"); err != nil {
		return nil, err
	}
	img := st.BaseImage
	b := &rewrite.Build{BuildOnly: dotnetBuildOnly.Has}
	selfContained := false
	for _, tc := range calls {
		if err := tc.Decidable(); err != nil {
			return nil, err
		}
		out := ""
		args := tc.Call.Args
		for i := 2; i < len(args); i++ {
			a := args[i]
			switch {
			case (a == "-o" || a == "--output") && i+1 < len(args):
				out = args[i+1]
				i++
			case strings.HasPrefix(a, "--output="):
				out = strings.TrimPrefix(a, "--output=")
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
		if out == "" {
			return nil, rewrite.Skipf(tc.In.Line(), "dotnet publish without -o writes to a folder that depends on the project: give -o")
		}
		dir := shell.Resolve(tc.Call.Dir, out)
		b.Steps = append(b.Steps, tc.In)
		b.Artifacts = append(b.Artifacts, rewrite.Artifact{Path: dir, Dir: true, Line: tc.In.Line(), How: "dotnet publish -o " + out})
	}
	if userRuntime(b, p) {
		return b, nil
	}
	tag := img.Tag
	if tag == "" {
		tag = "latest"
	}
	switch {
	case selfContained:
		b.Runtime, b.Why = "mcr.microsoft.com/dotnet/runtime-deps:"+tag, "a self-contained publish carries its runtime: it needs only the runtime's dependencies"
	case dotnetConsole(p.Options.Context):
		b.Runtime, b.Why = "mcr.microsoft.com/dotnet/runtime:"+tag, "the project is not a web project (Microsoft.NET.Sdk): the .NET runtime of the SDK's version"
	default:
		b.Runtime, b.Why = "mcr.microsoft.com/dotnet/aspnet:"+tag, "ASP.NET Core runtime of the SDK's version (it also runs console apps; a project file in the context can narrow it)"
	}
	return b, nil
}

// dotnetConsole tells whether the build context's project files (at its
// root or one folder down) are all plain (console) projects, so the
// smaller runtime image suffices.
func dotnetConsole(ctx *buildctx.Context) bool {
	if ctx == nil {
		return false
	}
	projects, _ := ctx.Glob("*.csproj")
	more, _ := ctx.Glob("*/*.csproj")
	projects = append(projects, more...)
	if len(projects) == 0 {
		return false
	}
	for _, f := range projects {
		data, err := ctx.ReadFile(f)
		if err != nil || !strings.Contains(string(data), `Sdk="Microsoft.NET.Sdk"`) {
			return false
		}
	}
	return true
}

func init() {
	var images []rewrite.ImageFamily
	for _, repo := range []string{"sdk", "aspnet", "runtime", "runtime-deps"} {
		images = append(images, rewrite.ImageFamily{Repo: "mcr.microsoft.com/dotnet/" + repo, Describe: describeDotnet})
	}
	register(Dotnet, images...)
}

// describeDotnet is what the .NET images hold: a Debian or alpine base,
// and dotnet on PATH in all but runtime-deps (for self-contained apps).
func describeDotnet(img *rewrite.Image) {
	img.Known, img.Shell, img.CACerts, img.Libc = true, true, true, rewrite.Glibc
	if strings.Contains(img.Tag, "alpine") {
		img.Libc = rewrite.Musl
	}
	img.Programs = rewrite.DebianPrograms
	if img.Family != "runtime-deps" {
		img.Programs = img.Programs.With("dotnet")
	}
}
