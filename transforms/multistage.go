package transforms

import (
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The multi-stage transform, in the order it works:
//   - multistage.go: what a file must be to be split, and the plan;
//   - artifacts.go: what the build leaves for run time;
//   - carry.go: what else the runtime stage must hold, and checks that
//     everything it refers to exists there;
//   - programs.go: what the container runs, found in the runtime stage;
//   - render.go: the runtime stage's text;
//   - splice.go: the edits that make the builder and append the stage.

// MultiStage splits a single-stage file into a builder and a slim runtime stage.
var MultiStage = rewrite.Transform{
	Name: "multistage",
	Doc:  "split a single-stage build into a builder stage and a slim runtime stage",
	Run:  runMultiStage,
}

// plan is one split being decided: what the detector found, and what the
// runtime stage will hold.
type plan struct {
	pass    *rewrite.Pass
	stage   *rewrite.Stage
	build   *rewrite.Build
	runtime rewrite.Image // the runtime stage's base
	alias   string        // the builder stage's name
	prog    *rewrite.Program
	rt      runtimePlan
	// landings index the COPYs by image path (landingIndex), once.
	landings *landings
	edits    []dockerfile.Edit
	deleted  map[int]bool // source lines that leave the builder
	// moves are the mv calls that move a built file (installedCopies),
	// by moveKey: the artifact is where they put it.
	moves map[string]bool
	// scriptZones says which run-time script reads the time zone
	// database (cp /usr/share/zoneinfo/$TZ /etc/localtime), "" for none.
	scriptZones string
}

// devLoops are programs that watch the sources and build and restart the
// program when they change, with the toolchain, as a container for
// development does; each with what a RUN that installs it names (its Go
// module, or its package), so that a program of the file's own that
// happens to share the name is not taken for one.
var devLoops = map[string]struct{ installs, does string }{
	"air":           {"cosmtrek/air air-verse/air", "rebuilds the Go program when its sources change"},
	"CompileDaemon": {"githubnemo/CompileDaemon", "rebuilds the Go program when its sources change"},
	"reflex":        {"cespare/reflex", "runs a command again when files change"},
	"gin":           {"codegangsta/gin", "rebuilds the Go program when its sources change"},
	"realize":       {"oxequa/realize tockins/realize", "rebuilds the Go program when its sources change"},
	"modd":          {"cortesi/modd", "runs commands again when files change"},
	"watchexec":     {"watchexec", "runs a command again when files change"},
	"entr":          {"entr", "runs a command again when files change"},
	"cargo-watch":   {"cargo-watch", "rebuilds the crate when its sources change"},
	"revel":         {"revel/cmd", "builds the Revel application from its sources with the Go toolchain, then runs it"},
	"bee":           {"beego/bee", "builds the Beego application with the Go toolchain (bee run), and again when its sources change"},
	"buffalo":       {"gobuffalo/cli gobuffalo/buffalo", "builds the Buffalo application with the Go toolchain (buffalo dev), and again when its sources change"},
}

// devLoop tells what the development loop a container command runs does;
// "" when it runs none: a program run by name that a RUN of the file
// installs.
func devLoop(st *rewrite.Stage, words []string) string {
	if len(words) == 0 || strings.Contains(words[0], "/") {
		return ""
	}
	loop, ok := devLoops[words[0]]
	if !ok {
		return ""
	}
	for _, in := range st.Body {
		if in.Name() != "run" {
			continue
		}
		text := st.Doc.Text(in.Start, in.End)
		for _, what := range strings.Fields(loop.installs) {
			if strings.Contains(text, what) {
				return loop.does
			}
		}
	}
	return ""
}

// buildsAtStart says how a container command builds the program itself
// when it starts ("runs cargo run, which builds the crate"); "" for a
// command that does not.
func buildsAtStart(words []string) string {
	if len(words) < 2 {
		return ""
	}
	name := path.Base(words[0])
	var sub string
	for _, w := range words[1:] {
		if !strings.HasPrefix(w, "-") {
			sub = w
			break
		}
	}
	switch {
	case name == "cargo" && sub == "run":
		return "runs cargo run, which builds the crate"
	case name == "cargo" && sub == "watch":
		return "runs cargo watch, which builds the crate again whenever its sources change"
	case name == "dotnet" && (sub == "run" || sub == "watch"):
		return "runs dotnet " + sub + ", which builds the project (and applies Properties/launchSettings.json)"
	case isCompilerDriver(name):
		return "runs " + name + ", which compiles the program"
	case (name == "mvn" || name == "mvnw") && (strings.HasSuffix(sub, ":run") || strings.HasPrefix(sub, "exec:")):
		return "runs " + name + " " + sub + ", which builds the project with Maven"
	case (name == "gradle" || name == "gradlew") && (sub == "run" || sub == "bootRun"):
		return "runs " + name + " " + sub + ", which builds the project with Gradle"
	}
	return ""
}

func runMultiStage(p *rewrite.Pass) error {
	doc := p.Doc
	if err := singleStage(doc); err != nil {
		return err
	}
	st := rewrite.NewStage(doc)
	if err := splittable(st); err != nil {
		return err
	}
	if prog := st.Program(); prog != nil {
		words := commandWords(st, prog)
		if does := devLoop(st, words); does != "" {
			return rewrite.Skipf(prog.In.Line(), "%s runs %s, which %s: a development container, whose toolchain and sources are its point", strings.ToUpper(prog.In.Name()), words[0], does)
		}
	}
	b, err := p.Detect(st)
	if err != nil {
		return err
	}
	if b == nil {
		if prog := st.Program(); prog != nil {
			// The command's own words, or a call of its shell script or
			// of a script it runs (sh -c "dotnet ef ... && dotnet run").
			why := buildsAtStart(commandWords(st, prog))
			for _, c := range commandCalls(st, prog, p.Options.Context) {
				if why == "" {
					why = buildsAtStart(c.words)
				}
			}
			if why != "" {
				return rewrite.Skipf(prog.In.Line(), "no RUN builds the program: %s %s when the container starts, with the toolchain the runtime stage would lack (build it in a RUN, and run what it makes)", strings.ToUpper(prog.In.Name()), why)
			}
		}
		for i, in := range st.Body {
			// A RUN the detectors could not read may hold the build.
			if _, _, err := st.Calls(i); err != nil {
				return rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
			}
		}
		return rewrite.Skipf(st.From.Line(), "no build step of a known toolchain")
	}
	if onBuildPlatform(st) && !b.CrossBuilt {
		return rewrite.Skipf(st.From.Line(), "FROM --platform=$BUILDPLATFORM: the %s build is not known to target the platform the runtime stage runs on", b.Toolchain)
	}
	if b.Why != chosenByUser {
		b.Runtime = rewrite.OnMirror(st.BaseImage, b.Runtime)
	}
	pl := &plan{pass: p, stage: st, build: b, runtime: rewrite.LookupImage(b.Runtime), alias: p.Options.Alias,
		deleted: map[int]bool{}}
	for _, r := range b.RuntimeRun {
		pl.runtime.Programs = pl.runtime.Programs.With(strings.Join(r.Provides, " "))
		p.Notef(0, "the runtime stage runs %s: %s", r.Line, r.Why)
	}
	for _, e := range b.RuntimeEnv {
		p.Notef(0, "the runtime stage sets %s=%s: %s", e.Name, e.Value, e.Why)
	}
	if l := b.Loader; l != nil {
		p.Notef(0, "the runtime stage copies %s from %s and runs ldconfig: %s", strings.Join(l.Files, ", "), l.Dir, l.Why)
	}
	from := st.From.Cmd.(*instructions.Stage)
	if from.Name != "" {
		pl.alias = from.Name // keep the name the file already gives
	}
	for _, step := range b.Steps {
		p.Notef(step.Line(), "%s: build step", b.Toolchain)
	}
	if err := pl.resolveArtifacts(); err != nil {
		return err
	}
	if err := pl.checkArtifactsKept(); err != nil {
		return err
	}
	if err := pl.checkRecipes(); err != nil {
		return err
	}
	if err := pl.carry(); err != nil {
		return err
	}
	stage := pl.render()
	why := b.Why
	if b.Runtime == rewrite.DebianSlim("stable") && rewrite.FollowsStable(st.BaseImage) {
		why += "; " + st.Base + " names no release and follows Debian's stable one, as debian:stable-slim does (on the release's day, before the language images), so the runtime's glibc is never older than the builder's"
	}
	p.Notef(0, "runtime image %s: %s", b.Runtime, why)
	// A detector's edits can repeat: one ENV line before a RUN stands for
	// every go call in it that a prefix cannot reach (sh -c, a heredoc).
	pl.edits = append(pl.edits, unique(b.Edits, func(e dockerfile.Edit) dockerfile.Edit { return e })...)
	if from.Name == "" {
		lg := doc.Logical(st.From)
		end := len(strings.TrimRight(lg.Text, " \t"))
		pl.edits = append(pl.edits, dockerfile.Insert(lg.SourceOffset(end), " "+st.From.AsKeyword()+" "+pl.alias))
	}
	if err := pl.appendStage(stage); err != nil {
		return err
	}
	p.Edits = append(p.Edits, pl.edits...)
	p.Build = b
	return nil
}

// singleStage refuses a file that is not one stage: the split, and the
// transforms that arrange a build before it, work on one.
func singleStage(doc *dockerfile.Document) error {
	switch stages := doc.Stages(); {
	case len(stages) == 0:
		return rewrite.Skipf(1, "no FROM instruction")
	case len(stages) > 1:
		return rewrite.Skipf(stages[1].Line(), "already multi-stage")
	}
	return nil
}

// splittable refuses a stage whose split would change what the image
// does, before any toolchain is asked.
func splittable(st *rewrite.Stage) error {
	if platform := st.From.Cmd.(*instructions.Stage).Platform; platform != "" && !onBuildPlatform(st) && !linuxPlatform(st, platform) {
		return rewrite.Skipf(st.From.Line(), "FROM --platform=%s: a runtime stage for a platform that may not be Linux is not handled", platform)
	}
	if tag := st.BaseImage.Tag; tag == "onbuild" || strings.HasSuffix(tag, "-onbuild") || strings.Contains(tag, "-onbuild-") {
		// The official images' onbuild variants (python:3.6-onbuild,
		// golang:1.8-onbuild, node:8-onbuild) copy the context and build
		// it in triggers that run at this FROM: the build is there, out
		// of sight, and "no build step" would not be the reason.
		return rewrite.Skipf(st.From.Line(), "%s is an onbuild image: its ONBUILD triggers copy the build context and build it at this FROM, where msrewrite cannot read them (FROM the plain tag with those steps written out can be rewritten)", st.Base)
	}
	for i, in := range st.Body {
		if in.Name() == "onbuild" {
			return rewrite.Skipf(in.Line(), "ONBUILD triggers run in images built from this one; moving them is not safe")
		}
		line, ok := in.CommandLine()
		if run, isRun := in.Cmd.(*instructions.RunCommand); isRun {
			// A RUN's script is read as sh -c's too.
			line, ok = run.ShellDependantCmdLine, true
		}
		if !ok || !line.PrependShell {
			continue
		}
		if len(line.CmdLine) > 0 && brokenJSON(line.CmdLine[0]) {
			return rewrite.Skipf(in.Line(), "%s starts like the exec form but is not valid JSON, so it runs as a shell command: fix it first", strings.ToUpper(in.Name()))
		}
		sh := st.Before[i].Shell
		if sh == nil {
			continue
		}
		what := strings.ToUpper(in.Name()) + " runs with SHELL " + strings.Join(sh, " ")
		if !posixShell(sh) {
			why := "which msrewrite does not read as a POSIX shell"
			if loginShell(sh) {
				why = "a login shell: its profile sets PATH anew (Debian's and alpine's /etc/profile do), and msrewrite reads the ENV's"
			}
			return rewrite.Skipf(in.Line(), "%s, %s", what, why)
		}
		// nvm's way into a Dockerfile: ENV BASH_ENV=~/.bash_env, which
		// bash runs before each command and which sets PATH.
		if path.Base(sh[0]) != "bash" {
			continue
		}
		if v, set, _ := st.Before[i].Lookup("BASH_ENV"); set && v != "" {
			return rewrite.Skipf(in.Line(), "%s and BASH_ENV=%s, a file bash runs first, which may set PATH and more: not handled", what, v)
		}
	}
	return nil
}

// brokenJSON tells whether a shell-form command line was meant as the
// exec form: it starts as a JSON array of strings does (`["./app",`),
// which BuildKit runs as a shell command when the JSON does not parse.
// `[ -f /tmp/ok ] || exit 1` is the test command, and runs as written.
func brokenJSON(cmd string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(cmd), "[")
	rest = strings.TrimLeft(rest, " \t")
	return ok && (rest == "" || strings.ContainsRune("\"'],", rune(rest[0])))
}

// posixShell tells whether a SHELL runs its command line as sh -c does,
// so that msrewrite reads the line as it reads any shell form: sh, bash,
// ash or dash, with options that only make it stricter or louder
// (hadolint's DL4006 advises `-o pipefail`), the last ending in c. A
// login shell (-l) reads profile files that differ between images, and
// other programs (pwsh, cmd) another language.
func posixShell(sh []string) bool {
	switch path.Base(sh[0]) {
	case "sh", "bash", "ash", "dash":
	default:
		return false
	}
	args := sh[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' || strings.Trim(a[1:], "euxvoc") != "" {
			return false
		}
		if strings.Contains(a, "o") {
			// -o NAME: the option's name follows.
			if i++; i == len(args) || !strictOptions[args[i]] {
				return false
			}
		}
		if strings.HasSuffix(a, "c") != (i == len(args)-1) {
			return false
		}
	}
	return len(args) > 0
}

// loginShell tells whether a SHELL starts a login shell (bash -l,
// --login, -lc), which reads /etc/profile before the command.
func loginShell(sh []string) bool {
	return slices.ContainsFunc(sh[1:], func(a string) bool {
		return a == "--login" || len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.Contains(a, "l")
	})
}

// strictOptions are the set -o names a SHELL may give that change how a
// command line fails or is traced, not what it runs.
var strictOptions = map[string]bool{"pipefail": true, "errexit": true, "nounset": true, "xtrace": true, "verbose": true}

// linuxPlatform tells whether a FROM's --platform names a Linux platform
// the runtime stage can be asked for with the same words: a literal
// (linux/amd64, which projects set for the servers they deploy to), the
// target platform, or a meta-ARG whose default is a Linux platform (a
// --build-arg changes both stages).
func linuxPlatform(st *rewrite.Stage, platform string) bool {
	name := strings.TrimPrefix(platform, "$")
	if braced, ok := strings.CutPrefix(name, "{"); ok {
		name, ok = strings.CutSuffix(braced, "}")
		if !ok {
			return false
		}
	}
	switch {
	case name == platform:
		return strings.HasPrefix(platform, "linux/") && !strings.ContainsAny(platform, "${}")
	case name == "TARGETPLATFORM":
		return true
	}
	v := st.MetaArgs[name]
	return v != nil && strings.HasPrefix(*v, "linux/") && !strings.ContainsAny(*v, "${}")
}

// onBuildPlatform tells whether the stage runs on the build platform
// (FROM --platform=$BUILDPLATFORM): a cross build, whose runtime stage
// is for the target platform, as BuildKit builds a stage without
// --platform.
func onBuildPlatform(st *rewrite.Stage) bool {
	p := st.From.Cmd.(*instructions.Stage).Platform
	return p == "$BUILDPLATFORM" || p == "${BUILDPLATFORM}"
}

// unique keeps the first of the items with the same key, in order.
func unique[T any, K comparable](items []T, key func(T) K) []T {
	seen := map[K]bool{}
	var out []T
	for _, it := range items {
		if k := key(it); !seen[k] {
			seen[k] = true
			out = append(out, it)
		}
	}
	return out
}
