package transforms

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// shellBuiltins run without any program in the image, given a shell.
var shellBuiltins = map[string]bool{"exec": true, "echo": true, "printf": true, "cd": true, "export": true, "set": true,
	"test": true, "[": true, "true": true, "false": true, ":": true, ".": true, "source": true, "trap": true, "wait": true, "read": true,
	"eval": true, "shift": true, "unset": true, "umask": true, "ulimit": true, "exit": true, "kill": true,
	"return": true, "local": true, "break": true, "continue": true, "readonly": true, "getopts": true, "command": true,
	"type": true, "hash": true, "alias": true, "unalias": true, "times": true}

// commandWords are the words of the command the container starts with:
// the shell form's words ("" for one that cannot be known), or the exec
// form's, an exec-form ENTRYPOINT followed by an exec-form CMD, which
// Docker runs together.
func commandWords(st *rewrite.Stage, prog *rewrite.Program) []string {
	line, _ := prog.In.CommandLine()
	if line.PrependShell {
		args, known, _ := shell.Words(strings.Join(line.CmdLine, " "), st.Final.Lookup)
		for i, k := range known {
			if !k {
				args[i] = ""
			}
		}
		return args
	}
	args := line.CmdLine
	if prog.In.Name() == "entrypoint" {
		for _, in := range st.Body {
			if c, ok := in.CommandLine(); ok && in.Name() == "cmd" && !c.PrependShell {
				args = append(append([]string(nil), line.CmdLine...), c.CmdLine...)
			}
		}
	}
	return args
}

// commandCalls are the commands a CMD or ENTRYPOINT runs: commandWords
// for one program, or the calls of its shell script (the shell form's,
// or sh -c's) without an exec before the program, each with "" for a
// word that cannot be known, and the folder it runs in (a cd before it
// counts; "" when that cannot be known). A shell script of the build
// context (ctx, nil when it cannot be seen) that a call runs (./start.sh,
// sh entrypoint.sh) is read in its place.
func commandCalls(st *rewrite.Stage, prog *rewrite.Program, ctx *buildctx.Context) []containerCall {
	return callsOf(st, prog, ctx, false)
}

// allCommandCalls are commandCalls with those of command substitutions
// too (ADDR=$(hostname -I)), which run as well, though not as the
// container's program.
func allCommandCalls(st *rewrite.Stage, prog *rewrite.Program, ctx *buildctx.Context) []containerCall {
	return callsOf(st, prog, ctx, true)
}

// callsOf is commandCalls, with the calls of command substitutions when
// subst is true.
func callsOf(st *rewrite.Stage, prog *rewrite.Program, ctx *buildctx.Context, subst bool) []containerCall {
	line, _ := prog.In.CommandLine()
	script, ok := shellScript(line)
	if !ok {
		words := commandWords(st, prog)
		if s, ok := shellScript(instructions.ShellDependantCmdLine{CmdLine: words}); ok {
			// ENTRYPOINT ["sh", "-c"] with CMD ["the script"].
			return shellCalls(st, ctx, s, "", st.Final.Workdir, 0, nil, subst)
		}
		return scriptCalls(st, ctx, containerCall{words: words, dir: st.Final.Workdir}, 0, subst)
	}
	return shellCalls(st, ctx, script, "", st.Final.Workdir, 0, nil, subst)
}

// unknownCall is a call whose program cannot be known.
var unknownCall = containerCall{words: []string{""}}

// shellCalls are the calls of a shell script (from the file named file,
// "" for a command line's) run from the folder dir, those of the build
// context's scripts it runs read in their place, and with subst those of
// its command substitutions.
func shellCalls(st *rewrite.Stage, ctx *buildctx.Context, script, file, dir string, depth int, args []string, subst bool) []containerCall {
	calls, err := shell.Calls(script, shell.State{Dir: dir, Env: st.Final.Lookup, Script: file, Substitutions: subst})
	if err != nil {
		return []containerCall{unknownCall}
	}
	out := make([]containerCall, 0, len(calls))
	for _, c := range calls {
		if c.Function {
			continue // its body's calls are listed where it is defined
		}
		words, all := execWords(c) // the shell becomes the program
		if all {
			// exec "$@": the script's arguments (a CMD after its
			// ENTRYPOINT gives them), when they are known.
			words = []string{""}
			if len(args) > 0 {
				words = args
			}
		}
		out = append(out, scriptCalls(st, ctx, containerCall{words: words, dir: c.Dir, inScript: depth > 0, writes: c.Writes}, depth, subst)...)
	}
	return out
}

// scriptCalls is a call, or the calls of the build context's shell script
// it runs; one that cannot be read, or scripts too deep, give a call whose
// program cannot be known.
func scriptCalls(st *rewrite.Stage, ctx *buildctx.Context, c containerCall, depth int, subst bool) []containerCall {
	if ctx == nil || len(c.words) == 0 {
		return []containerCall{c}
	}
	if isCron(c.words[0]) {
		if depth > 2 {
			return []containerCall{c, unknownCall}
		}
		return append([]containerCall{c}, cronCalls(st, ctx, depth, subst)...)
	}
	if sv, ok := supervisorCalls(st, ctx, c.words, c.dir); ok {
		// supervisord, and what its configuration starts.
		out := []containerCall{c}
		if sv.unknown != "" {
			return append(out, unknownCall)
		}
		for _, p := range sv.calls {
			if depth > 2 {
				return append(out, unknownCall)
			}
			out = append(out, scriptCalls(st, ctx, p, depth+1, subst)...)
		}
		return out
	}
	script := ""
	op, viaShell := shellOperand(c.words)
	if !viaShell {
		op, viaShell = sourcedFile(c.words)
	}
	switch name := c.words[0]; {
	case viaShell:
		script = op
	case strings.Contains(name, "/"):
		script = name
	default:
		inContext := func(p string) bool {
			_, ok := contextPathAt(st, ctx, len(st.Body), p)
			return ok
		}
		script = rewrite.LookPath(name, c.dir, finalPath(st), inContext)
	}
	if script == "" || c.dir == "" && !path.IsAbs(script) {
		if viaShell {
			return []containerCall{unknownCall}
		}
		return []containerCall{c}
	}
	script = shell.Resolve(c.dir, script)
	src, ok := contextPathAt(st, ctx, len(st.Body), script)
	if !ok {
		return []containerCall{c}
	}
	body, err := readScript(ctx, src)
	if err != nil || depth > 2 {
		return []containerCall{unknownCall}
	}
	if !viaShell {
		interp, rest, _ := shebang(body)
		if !shell.IsShell(interp) {
			return []containerCall{c} // python, node, or not a script
		}
		body = rest
	}
	return shellCalls(st, ctx, body, script, c.dir, depth+1, scriptArgs(c.words, op, viaShell, body), subst)
}

// scriptArgs are the arguments a script is run with (nil when they
// cannot be told): the words after its name, or after the file a shell
// is given. A script that shifts them, sets them again or looks at the
// first one may not run them as they are.
func scriptArgs(words []string, op string, viaShell bool, body string) []string {
	for _, w := range []string{"shift", "set --", "$1", "${1"} {
		if strings.Contains(body, w) {
			return nil
		}
	}
	if !viaShell {
		return words[1:]
	}
	if i := slices.Index(words, op); i > 0 && words[0] != "." && words[0] != "source" {
		return words[i+1:]
	}
	return nil
}

// containerCall is one command the container's command line runs.
type containerCall struct {
	words []string
	dir   string
	// inScript tells a call of a build context's script the command
	// line runs from one of the command line itself.
	inScript bool
	// writes are the files its output redirections write.
	writes []shell.Write
}

// shellScript is the shell script a command line runs: the shell form's,
// or the script of an exec form's sh -c or bash -c; ok is false for a
// command line that runs one program.
func shellScript(line instructions.ShellDependantCmdLine) (script string, ok bool) {
	switch words := line.CmdLine; {
	case line.PrependShell:
		return strings.Join(words, " "), true
	}
	return shellCommandString(line.CmdLine)
}

// literalCommand is the words a CMD or ENTRYPOINT starts, for a command
// the rewrite writes anew (go run, cargo run): the exec form's, or the
// shell form's when it is one simple command of literal words. A
// variable is expanded when the container starts, to the value it has
// then: written anew, its value here would be frozen.
func literalCommand(st *rewrite.Stage, prog *rewrite.Program, what string) ([]string, error) {
	line, _ := prog.In.CommandLine()
	if !line.PrependShell {
		return line.CmdLine, nil
	}
	kw := strings.ToUpper(prog.In.Name())
	script := strings.Join(line.CmdLine, " ")
	if strings.ContainsAny(script, "$`") {
		return nil, rewrite.Skipf(prog.In.Line(), "%s %s in the shell form uses variables, which the shell expands when the container starts", kw, what)
	}
	words, known, ok := shell.Words(script, st.Final.Lookup)
	if !ok || slices.Contains(known, false) {
		return nil, rewrite.Skipf(prog.In.Line(), "%s runs %s in a shell command that is more than one simple command", kw, what)
	}
	return words, nil
}

// commandCall is a call of words as the container's command runs them:
// in the final working directory, with the final environment, for a
// build the rewrite adds in its place (go run, cargo run).
func commandCall(st *rewrite.Stage, prog *rewrite.Program, words []string) rewrite.ToolCall {
	return rewrite.ToolCall{In: prog.In, Index: slices.Index(st.Body, prog.In), Call: shell.NewCall(words, st.Final.Workdir, st.Final.Lookup)}
}

// cmdFollows tells whether CMD's words follow the container's command:
// an exec-form ENTRYPOINT in a stage that also has a CMD (a shell form
// ignores CMD).
func cmdFollows(st *rewrite.Stage, prog *rewrite.Program) bool {
	line, _ := prog.In.CommandLine()
	return prog.In.Name() == "entrypoint" && !line.PrependShell &&
		slices.ContainsFunc(st.Body, func(in *dockerfile.Instruction) bool { return in.Name() == "cmd" })
}

// startCompiled is a container command that compiles the program and
// then runs it: `sh -c "COMPILE && RUN"`, or the shell form of it.
type startCompiled struct {
	compile, run []string // the two commands' words (run's without its redirections)
	script       string   // the run part as written, with its redirections
	redirects    bool
	sh           []string // the shell the command ran under
	in           *dockerfile.Instruction
	shellForm    bool
}

// startCompile reads the container's command as a compile followed by
// a run: two plain commands joined by && (no quotes, variables, patterns
// or other operators; the run part may redirect), in a known working
// folder. nil when it is not one.
func startCompile(st *rewrite.Stage) *startCompiled {
	prog := st.Program()
	if prog == nil || st.Final.Workdir == "" {
		return nil
	}
	if prog.In.Name() == "entrypoint" && slices.ContainsFunc(st.Body, func(in *dockerfile.Instruction) bool { return in.Name() == "cmd" }) {
		return nil
	}
	line, _ := prog.In.CommandLine()
	sc := &startCompiled{in: prog.In, shellForm: line.PrependShell, sh: []string{"/bin/sh", "-c"}}
	script := strings.Join(line.CmdLine, " ")
	switch {
	case !line.PrependShell:
		words := line.CmdLine
		if len(words) != 3 || !shell.IsShell(path.Base(words[0])) || words[1] != "-c" {
			return nil
		}
		script, sc.sh = words[2], words[:2]
	case len(st.Final.Shell) > 0:
		sc.sh = st.Final.Shell
	}
	var ok bool
	if sc.compile, sc.run, sc.script, sc.redirects, ok = shell.AndThen(script); !ok {
		return nil
	}
	return sc
}

// missingSource is the first source file the compile names that no COPY
// of the build context puts in the image ("" when all are there): the
// container got it when it started, from a volume, and a compile in the
// builder would fail. With no context to look at, every source is
// missing.
func (sc *startCompiled) missingSource(st *rewrite.Stage, ctx *buildctx.Context, exts ...string) string {
	for _, w := range sc.compile[1:] {
		if !slices.Contains(exts, path.Ext(w)) {
			continue
		}
		if _, ok := contextPathAt(st, ctx, len(st.Body), shell.Resolve(st.Final.Workdir, w)); !ok {
			return w
		}
	}
	return ""
}

// apply ends the builder with the compile and has the runtime stage run
// what it made: the run part's words, or, when it redirects, a script of
// the shell the command had.
func (sc *startCompiled) apply(st *rewrite.Stage, b *rewrite.Build) {
	b.Tail = []string{st.Doc.Keyword("RUN") + " " + strings.Join(sc.compile, " ")}
	args, form := sc.run, sc.shellForm
	if sc.redirects {
		args, form = append(slices.Clone(sc.sh), sc.script), false
	}
	kind := strings.ToUpper(sc.in.Name())
	b.Command = &rewrite.Command{In: sc.in, Args: args, Shell: form,
		Why: "the compile " + kind + " ran when the container started needs the compiler, which the runtime image lacks: it is made at the end of the builder, and " + sc.run[0] + " runs what it wrote"}
}

// lastChange tells whether in is the stage's last COPY, ADD or RUN:
// nothing after it changes the files a command that builds at start
// (dotnet run, mvn spring-boot:run) would build from.
func lastChange(st *rewrite.Stage, in *dockerfile.Instruction) bool {
	for _, later := range st.Body[slices.Index(st.Body, in)+1:] {
		switch later.Name() {
		case "copy", "add", "run":
			return false
		}
	}
	return true
}

// checkCommand checks every program a CMD, ENTRYPOINT or HEALTHCHECK
// runs: a copied artifact (its folder put on PATH when it is run by
// name), or a program of the runtime image.
func (pl *plan) checkCommand(in *dockerfile.Instruction) error {
	if c := pl.build.Command; c != nil && c.In == in {
		return pl.checkProgram(in, c.Args[0], pl.stage.Final.Workdir, false)
	}
	line, ok := in.CommandLine()
	if !ok || len(line.CmdLine) == 0 {
		return nil
	}
	kw := who(in)
	script, ok := shellScript(line)
	switch {
	case !ok:
		if err := pl.checkProgram(in, line.CmdLine[0], pl.stage.Final.Workdir, false); err != nil {
			return err
		}
		return pl.checkOperands(in, line.CmdLine, kw, pl.stage.Final.Workdir, 0)
	case !line.PrependShell:
		// sh -c SCRIPT: sh itself, then what the script runs.
		if err := pl.checkProgram(in, line.CmdLine[0], pl.stage.Final.Workdir, false); err != nil {
			return err
		}
	}
	if !pl.runtime.Shell {
		return rewrite.Skipf(in.Line(), "%s needs a shell, and %s has none", kw, pl.build.Runtime)
	}
	calls, err := pl.runtimeCalls(script, "", pl.stage.Final.Workdir)
	if err != nil {
		return rewrite.Skipf(in.Line(), "cannot read the shell of %s: %v", kw, err)
	}
	for _, c := range calls {
		words, args := execWords(c)
		if args || c.Function {
			continue
		}
		name := words[0]
		if name == "" {
			// A program named by a variable: only the builder knew it.
			if v := pl.builderOnlyVar(script, c); v != "" {
				return rewrite.Skipf(in.Line(), "%s runs a program named with $%s, which the builder image sets and %s does not", kw, v, pl.build.Runtime)
			}
			return rewrite.Skipf(in.Line(), "%s runs a program whose name cannot be known", kw)
		}
		name = pl.activated(c, name)
		if err := pl.checkProgram(in, name, c.Dir, true); err != nil {
			return err
		}
		if err := pl.checkOperands(in, words, kw, c.Dir, 0); err != nil {
			return err
		}
	}
	return nil
}

// activated is the path of a program a script runs by name from an
// artifact folder it put first on PATH itself (`source venv/bin/activate
// && exec gunicorn ...`: the virtualenv's gunicorn); name as it is
// otherwise.
func (pl *plan) activated(c shell.Call, name string) string {
	if strings.Contains(name, "/") {
		return name
	}
	p, _, known := c.Getenv("PATH")
	if !known || p == pl.builderPath() {
		return name
	}
	if exe := rewrite.LookPath(name, c.Dir, p, pl.isArtifact); exe != "" && pl.isArtifact(exe) && !pl.systemInFolder(exe) {
		return exe
	}
	return name
}

// findCommands are the commands find's -exec, -execdir, -ok and -okdir
// run, each up to its ; or + (find . -name '*.png' -exec optipng {} \;);
// one that runs the found file itself ({}) or a name that cannot be
// known is left out.
func findCommands(words []string) [][]string {
	if path.Base(words[0]) != "find" {
		return nil
	}
	var out [][]string
	for i := 1; i < len(words); i++ {
		switch words[i] {
		case "-exec", "-execdir", "-ok", "-okdir":
			j := i + 1
			for j < len(words) && words[j] != ";" && words[j] != "+" {
				j++
			}
			if j > i+1 && words[i+1] != "" && words[i+1] != "{}" {
				out = append(out, words[i+1:j])
			}
			i = j
		}
	}
	return out
}

// checkPassedCommand checks CMD as a command line of its own where the
// exec-form ENTRYPOINT runs its arguments as one: an init or a user
// switch, or a build context script that runs "$@" (exec "$@", exec gosu
// app "$@"). Elsewhere CMD only gives the program its arguments.
func (pl *plan) checkPassedCommand() error {
	entry := pl.prog.In
	line, _ := entry.CommandLine()
	if entry.Name() != "entrypoint" || line.PrependShell || len(line.CmdLine) == 0 {
		return nil
	}
	var cmd *dockerfile.Instruction
	for _, in := range pl.stage.Body {
		if in.Name() == "cmd" {
			cmd = in
		}
	}
	if cmd == nil {
		return nil
	}
	cline, _ := cmd.CommandLine()
	if !cline.PrependShell && len(cline.CmdLine) > 0 {
		if script, ok := shellScript(instructions.ShellDependantCmdLine{CmdLine: append(slices.Clone(line.CmdLine), cline.CmdLine...)}); ok && len(line.CmdLine) == 2 {
			// ENTRYPOINT ["sh", "-c"]: CMD's first word is its script.
			return pl.checkShellBody(cmd, line.CmdLine[0]+" -c", script, pl.stage.Final.Workdir, 0, false)
		}
	}
	if len(cline.CmdLine) == 0 || strings.HasPrefix(cline.CmdLine[0], "-") || !pl.passesArguments(line.CmdLine, cline.CmdLine[0]) {
		return nil // options are no command
	}
	pl.pass.Notef(cmd.Line(), "ENTRYPOINT runs CMD as a command: CMD's programs must be in the runtime stage too")
	return pl.checkCommand(cmd)
}

// passesArguments tells whether an ENTRYPOINT's words run the arguments
// CMD gives them, whose first is first, as a command.
func (pl *plan) passesArguments(words []string, first string) bool {
	switch path.Base(words[0]) {
	case "gosu", "su-exec":
		return len(words) == 2 // gosu USER, then CMD; not gosu USER PROGRAM
	case "tini", "tini-static", "dumb-init", "catatonit":
		// Options only (tini -g --): CMD is the command; tini --
		// /app/server gives the server CMD's words as arguments.
		return !slices.ContainsFunc(words[1:], func(w string) bool { return !strings.HasPrefix(w, "-") })
	}
	exe := pl.contextShellScript(words[0])
	if exe == "" || len(words) > 1 {
		// (["./entrypoint.sh", "/app/server"]: "$@" starts with the
		// server, which CMD gives its arguments.)
		return false
	}
	data, _ := readScript(pl.pass.Options.Context, pl.runtimeContextFileOf(exe))
	_, body, _ := shebang(data)
	if (strings.Contains(body, "$1") || strings.Contains(body, "${1")) && !pl.namesProgram(first) {
		// A script that looks at its first argument may dispatch on it
		// (CMD ["web"] starting gunicorn): CMD need not be a program.
		// One that names a program (sh, curl, /app/start.sh) is run by
		// the script's "$@" when nothing else matches it.
		return false
	}
	calls, err := pl.runtimeCalls(body, exe, pl.stage.Final.Workdir)
	if err != nil {
		return false
	}
	for _, c := range calls {
		words, args := execWords(c)
		if args {
			return true // exec "$@"
		}
		at := len(c.Args) - len(words) // after exec and its options
		for k := range c.Positional {
			// "$@" first, or first in what a command runner runs (exec
			// gosu app "$@").
			if k >= at && (k == at || c.Args[k-1] == "--" || len(shell.Inner(callWords(c)[at:k+1])) == 1) {
				return true // (wait-for-it.sh db:5432 -- "$@": the convention's command)
			}
		}
	}
	return false
}

// namesProgram tells whether a word a script may dispatch on names a
// program: a path, a shell, one the runtime image or the builder has.
func (pl *plan) namesProgram(word string) bool {
	return strings.Contains(word, "/") || shell.IsShell(word) || pl.runtime.Programs.Has(word) || builderHas(pl.stage, word)
}

// contextShellScript is the image path of the shell script from the
// build context that a command's program names, run from the final
// working directory; "" for anything else.
func (pl *plan) contextShellScript(name string) string {
	inRuntime := func(p string) bool {
		_, ok := pl.runtimeContextFile(p)
		return ok
	}
	exe := rewrite.LookPath(name, pl.stage.Final.Workdir, pl.builderPath(), inRuntime)
	if exe == "" || !inRuntime(exe) {
		return ""
	}
	data, err := readScript(pl.pass.Options.Context, pl.runtimeContextFileOf(exe))
	if interp, _, _ := shebang(data); err != nil || !shell.IsShell(interp) {
		return ""
	}
	return exe
}

// runtimeContextFileOf is runtimeContextFile's build context path alone.
func (pl *plan) runtimeContextFileOf(p string) string {
	src, _ := pl.runtimeContextFile(p)
	return src
}

// checkProgram checks one program name, run in the folder cwd ("" when
// that cannot be known), and puts the folder of an artifact run by name
// on the runtime PATH.
func (pl *plan) checkProgram(in *dockerfile.Instruction, name, cwd string, viaShell bool) error {
	dir, err := pl.findProgramIn(in, name, cwd, viaShell, 0)
	if err != nil && pl.provide(in, name) {
		return nil
	}
	if err == nil {
		pl.onRuntimePath(in, who(in)+" runs "+name, dir)
	}
	return err
}

// onRuntimePath puts the folder of an artifact that what runs by name on
// the runtime PATH; dir "" is none.
func (pl *plan) onRuntimePath(in *dockerfile.Instruction, what, dir string) {
	if dir != "" && !slices.Contains(pl.rt.pathDirs, dir) {
		pl.rt.pathDirs = append(pl.rt.pathDirs, dir)
		pl.pass.Notef(in.Line(), "%s by name: %s is put on the runtime PATH", what, dir)
	}
}

// findProgramIn finds a program in the runtime stage, run from the folder
// cwd: a relative path is that folder's ("" when a cd before it cannot be
// followed). dir is the folder to put on PATH for an artifact run by name
// from a folder not on it; depth counts the scripts that led here.
func (pl *plan) findProgramIn(in *dockerfile.Instruction, name, cwd string, viaShell bool, depth int) (dir string, err error) {
	if viaShell && shellBuiltins[name] {
		return "", nil
	}
	if cwd == "" && strings.Contains(name, "/") && !path.IsAbs(name) {
		return "", rewrite.Skipf(in.Line(), "%s runs %s from a folder that cannot be known (a cd or WORKDIR with a variable)", who(in), name)
	}
	if script := rewrite.LookPath(name, cwd, pl.builderPath(), pl.isCarried); script != "" && pl.isCarried(script) {
		return "", pl.checkScript(in, script, pl.rt.carried[script], cwd, depth)
	}
	if exe := rewrite.LookPath(name, cwd, pl.builderPath(), pl.isFromImage); exe != "" && pl.isFromImage(exe) {
		if builder := pl.stage.BaseImage; pl.runtime.Libc != builder.Libc {
			// It may be linked against the builder's C library.
			return "", rewrite.Skipf(in.Line(), "%s runs %s, which a COPY --from of another image or a download brought: it may need the builder's %s, and %s has %s", who(in), name, builder.Libc, pl.build.Runtime, pl.runtime.Libc)
		}
		if !strings.Contains(name, "/") && !onPath(path.Dir(exe), pl.runtimePath()) {
			return path.Dir(exe), nil
		}
		return "", nil // what the image gives cannot be read: taken as it is
	}
	// A folder artifact (a virtualenv, node_modules/.bin) may hold any
	// program by name, but not curl or git: those come from the system,
	// which the runtime image replaces.
	exe := rewrite.LookPath(name, cwd, pl.builderPath(), pl.isArtifact)
	if exe != "" && pl.isArtifact(exe) && !pl.systemInFolder(exe) {
		// A script the application folder brought from the build context
		// (docker-entrypoint.sh beside manage.py) runs what it says, on
		// the runtime image.
		if src, ok := contextPathAt(pl.stage, pl.pass.Options.Context, len(pl.stage.Body), exe); ok && pl.contextScript(src) {
			if err := pl.checkScript(in, exe, src, cwd, depth); err != nil {
				return "", err
			}
		}
		if !strings.Contains(name, "/") && !onPath(path.Dir(exe), pl.runtimePath()) {
			return path.Dir(exe), nil
		}
		return "", nil
	}
	if !strings.Contains(name, "/") && pl.runtime.Programs.Has(name) {
		return "", nil
	}
	for _, d := range strings.Split(pl.runtime.Env["PATH"], ":") {
		if strings.Contains(name, "/") && path.Dir(name) == d && pl.runtime.Programs.Has(path.Base(name)) {
			return "", nil
		}
	}
	if builderHas(pl.stage, name) {
		if pkg, lack := pl.programPackage(name); pkg == "" {
			return "", rewrite.Skipf(in.Line(), "%s runs %s, which the builder has and %s", who(in), name, lack)
		}
	}
	return "", rewrite.Skipf(in.Line(), "%s runs %s, which is neither a built artifact nor part of %s", who(in), name, pl.build.Runtime)
}

// isFromImage tells whether a path is one a COPY --from of another image
// puts in place, which the runtime stage repeats, or one a RUN downloads:
// a file whose content the Dockerfile does not show.
func (pl *plan) isFromImage(p string) bool {
	return slices.Contains(pl.rt.fromImages, p) || slices.Contains(pl.rt.downloads, p) ||
		slices.ContainsFunc(pl.rt.unpacked, func(dir string) bool { return under(p, dir) })
}

// isCarried tells whether a path is a run-time file the runtime stage gets
// from the build context.
func (pl *plan) isCarried(p string) bool {
	_, ok := pl.rt.carried[p]
	return ok
}

// contextScript tells whether a file of the build context starts with a
// #! line.
func (pl *plan) contextScript(src string) bool {
	data, err := pl.pass.Options.Context.ReadFile(src)
	return err == nil && strings.HasPrefix(string(data), "#!")
}

// checkScript checks a script from the build context (src there, script
// in the image) that CMD, ENTRYPOINT or HEALTHCHECK runs (or a script
// they run runs), started in the folder cwd: its interpreter, and for a
// shell script every command it runs, must exist in the runtime stage.
func (pl *plan) checkScript(in *dockerfile.Instruction, script, src, cwd string, depth int) error {
	kw := who(in)
	data, err := readScript(pl.pass.Options.Context, src)
	if err != nil {
		return rewrite.Skipf(in.Line(), "%s runs %s, which cannot be read from the build context: %v", kw, script, err)
	}
	prog, body, ok := shebang(data)
	switch {
	case !ok:
		return rewrite.Skipf(in.Line(), "%s runs %s, a file from the build context that is not a script: what it needs cannot be known", kw, script)
	case prog == "":
		return rewrite.Skipf(in.Line(), "%s runs %s, whose #! line names no interpreter", kw, script)
	case depth > 2:
		return rewrite.Skipf(in.Line(), "%s runs %s, which runs scripts too deep to follow", kw, script)
	}
	dir, err := pl.findProgramIn(in, prog, cwd, false, depth+1)
	switch {
	case err == nil:
		pl.onRuntimePath(in, script+"'s #! line runs "+prog, dir)
	case !pl.provide(in, prog):
		return fromScript(err, script)
	}
	if !shell.IsShell(prog) {
		return nil // a program of the runtime image runs it; what it does inside is its own
	}
	return pl.checkShellBody(in, script, body, cwd, depth, true)
}

// checkShellBody checks every command of a shell script, run from the
// folder cwd: a file of the build context (file), or a -c script or a
// cron job named by script.
func (pl *plan) checkShellBody(in *dockerfile.Instruction, script, body, cwd string, depth int, file bool) error {
	kw := who(in)
	calls, err := pl.runtimeCalls(body, script, cwd)
	if err != nil {
		return rewrite.Skipf(in.Line(), "cannot read the shell of %s, which %s runs: %v", script, kw, err)
	}
	if pl.scriptZones == "" && strings.Contains(body, "/usr/share/zoneinfo") {
		// cp /usr/share/zoneinfo/$TZ /etc/localtime
		pl.scriptZones = script + " reads /usr/share/zoneinfo"
	}
	var sourced []string // functions of the files the script sourced
	runners := argumentFunctions(calls)
	for _, c := range calls {
		if len(c.Args) == 0 {
			continue // only a redirection
		}
		words, args := execWords(c)
		if !args && runners[words[0]] && (c.Function || slices.Contains(sourced, words[0])) && len(words) > 1 && words[1] != "" {
			// retry curl -fsS ...: the function runs its arguments.
			if err := pl.checkStarted(in, words[1:], c.Dir, depth, script, true); err != nil {
				return err
			}
			continue
		}
		if cmd := prependedCommand(c); cmd != nil && slices.ContainsFunc(calls, runsOwnArguments) {
			// set -- gosu app "$@", then exec "$@": the script runs it.
			if err := pl.checkStarted(in, cmd, c.Dir, depth, script, true); err != nil {
				return err
			}
			continue
		}
		if args || c.Function || slices.Contains(sourced, words[0]) || words[0] == "" && runsArguments(c) || runsOwnArguments(c) {
			// exec "$@" (or "$@" & wait: the script's arguments, as
			// exec's); a function whose body's calls are checked where it
			// is defined; "$@" in a function, whose calls give it.
			continue
		}
		name := words[0]
		if name == "" {
			if v := pl.builderOnlyVar(body, c); v != "" {
				return rewrite.Skipf(in.Line(), "%s runs %s, which runs a program named with $%s, which the builder image sets and %s does not", kw, script, v, pl.build.Runtime)
			}
			return rewrite.Skipf(in.Line(), "%s runs %s, which runs a program whose name cannot be known", kw, script)
		}
		if exe := pl.activated(c, name); exe != name {
			words = append([]string{exe}, words[1:]...)
		}
		if err := pl.checkStarted(in, words, c.Dir, depth, script, true); err != nil {
			return err
		}
		names, more := pl.sourcedFunctions(words, c.Dir)
		sourced = append(sourced, names...)
		for name := range more {
			if runners == nil {
				runners = map[string]bool{}
			}
			runners[name] = true
		}
	}
	if file {
		pl.pass.Notef(in.Line(), "%s runs %s, a script from the build context: its commands are in the runtime stage", kw, script)
	}
	return nil
}

// prependedCommand is the command a script puts before its own
// arguments with set -- PROGRAM ... "$@" (the docker-library entrypoints'
// set -- redis-server "$@" when the first argument is an option), which
// its exec "$@" then runs; nil for another call.
func prependedCommand(c shell.Call) []string {
	words := callWords(c)
	n := len(words)
	if n < 4 || words[0] != "set" || words[1] != "--" || words[2] == "" || strings.HasPrefix(words[2], "-") || c.Positional[2] || !c.Positional[n-1] {
		return nil
	}
	return words[2 : n-1]
}

// runsOwnArguments tells whether a call runs its script's arguments as a
// command, outside the script's functions: exec "$@", or "$@" alone.
func runsOwnArguments(c shell.Call) bool {
	_, args := execWords(c)
	return c.InFunction == "" && (args || len(c.Args) > 0 && c.Positional[0])
}

// runsArguments tells whether a call in a function's body runs the
// function's arguments as a command: "$@", maybe after a command runner
// (until "$@"; do sleep 2; done, su-exec app "$@").
func runsArguments(c shell.Call) bool {
	if c.InFunction == "" || len(c.Args) == 0 {
		return false
	}
	words, _ := execWords(c)
	at := len(c.Args) - len(words) // after exec
	if inner := shell.Inner(words); inner != nil {
		at += len(words) - len(inner)
	}
	return c.Positional[at]
}

// argumentFunctions are the functions of a script that run their
// arguments as a command (runsArguments).
func argumentFunctions(calls []shell.Call) map[string]bool {
	var out map[string]bool
	for _, c := range calls {
		if runsArguments(c) {
			if out == nil {
				out = map[string]bool{}
			}
			out[c.InFunction] = true
		}
	}
	return out
}

// shellCommandString is the script a shell's words run with -c, also
// among other options (bash -lc "...", sh -ec "...", bash -o pipefail
// -c "..."); ok is false for words that are not a shell's, or run no
// -c script, or one whose text is not known.
func shellCommandString(words []string) (script string, ok bool) {
	if len(words) < 3 || !shell.IsShell(words[0]) {
		return "", false
	}
	i, letters := shellOptions(words)
	if !strings.Contains(letters, "c") || i >= len(words) || words[i] == "" {
		return "", false
	}
	return words[i], true
}

// shellOptions reads a shell's words after its name: the place of its
// first operand (len(words) for none) and the letters of its short
// options (lc of bash -lc). The name -o takes is no operand, and --
// ends the options.
func shellOptions(words []string) (operand int, letters string) {
	for i := 1; i < len(words); i++ {
		switch w := words[i]; {
		case w == "--":
			return i + 1, letters
		case w == "-o" || w == "+o" || w == "-O" || w == "+O":
			i++ // an option's name follows
		case strings.HasPrefix(w, "--"):
			// bash's long options (--login, --norc)
		case strings.HasPrefix(w, "-") || strings.HasPrefix(w, "+"):
			letters += w[1:]
		default:
			return i, letters
		}
	}
	return len(words), letters
}

// isCommandFlag tells whether a shell's option word asks it to run a
// script given as a word: -c, or -c among others (-ec, -lc).
func isCommandFlag(w string) bool {
	return len(w) > 1 && w[0] == '-' && w[1] != '-' && strings.Contains(w[1:], "c")
}

// userScript is the script su or runuser runs with -c (su app -c
// "git pull"), and the folder it runs in: cwd, or "" (not known) for a
// login shell, which starts in the user's home; ok is false for another
// command, or one whose script is not known.
func userScript(words []string, cwd string) (script, dir string, ok bool) {
	if base := path.Base(words[0]); base != "su" && base != "runuser" {
		return "", "", false
	}
	dir = cwd
	for i := 1; i < len(words); i++ {
		switch w := words[i]; {
		case w == "-" || w == "-l" || w == "--login":
			dir = ""
		case (w == "-c" || w == "--command") && i+1 < len(words) && words[i+1] != "":
			return words[i+1], dir, true
		case strings.HasPrefix(w, "--command="):
			return strings.TrimPrefix(w, "--command="), dir, w != "--command="
		}
	}
	return "", "", false
}

// shellOperand is the script a shell's command line runs from a file (sh
// entrypoint.sh, bash -e /start.sh), "" when a word is not known; ok is
// false for a command that is not a shell, or a shell given -c, -s or no
// file.
func shellOperand(words []string) (script string, ok bool) {
	if len(words) < 2 || !shell.IsShell(words[0]) {
		return "", false
	}
	i, letters := shellOptions(words)
	if strings.ContainsAny(letters, "cs") || i >= len(words) {
		return "", false // the script is a word, or standard input
	}
	return words[i], true
}

// runtimeContextFile is the build context's file (src) at an image path
// the runtime stage has: carried, or in a folder artifact.
func (pl *plan) runtimeContextFile(p string) (src string, ok bool) {
	if src, ok := pl.rt.carried[p]; ok {
		return src, true
	}
	if !pl.isArtifact(p) {
		return "", false
	}
	return contextPathAt(pl.stage, pl.pass.Options.Context, len(pl.stage.Body), p)
}

// sourcedFunctions are the functions a build context file that words
// source (. ./lib.sh) defines, run from the folder cwd: the script can
// call them from then on. runners are those of them that run their
// arguments as a command (argumentFunctions).
func (pl *plan) sourcedFunctions(words []string, cwd string) (names []string, runners map[string]bool) {
	op, ok := sourcedFile(words)
	if !ok || op == "" || cwd == "" && !path.IsAbs(op) {
		return nil, nil
	}
	src, ok := pl.runtimeContextFile(shell.Resolve(cwd, op))
	if !ok {
		return nil, nil
	}
	body, err := readScript(pl.pass.Options.Context, src)
	if err != nil {
		return nil, nil
	}
	names, _ = shell.Functions(body)
	if calls, err := shell.Calls(body, shell.State{}); err == nil {
		runners = argumentFunctions(calls)
	}
	return names, runners
}

// sourcedFile is the file a shell reads into itself (. ./env.sh, source
// lib.sh), "" when its name is not known; ok is false for another command.
func sourcedFile(words []string) (file string, ok bool) {
	if len(words) < 2 || words[0] != "." && words[0] != "source" {
		return "", false
	}
	return words[1], true
}

// checkOperands checks what a program the container runs starts in its
// turn, where msrewrite can read it: the script a shell runs from a file
// or reads into itself, a shell's -c script, and the programs of a
// supervisord configuration the build context brought; that a dotnet it
// runs needs no SDK; and that busybox takes its options (gnuOption). from
// says who runs the words, for the notes.
func (pl *plan) checkOperands(in *dockerfile.Instruction, words []string, from, cwd string, depth int) error {
	if err := pl.gnuOption(in, words, from, ""); err != nil {
		return err
	}
	if inner := shell.Inner(words); len(inner) > 0 && inner[0] != "" {
		// timeout 10 git fetch: git too. (One whose name cannot be
		// known, gosu app "$@", is the caller's to check.)
		return pl.checkStarted(in, inner, cwd, depth, words[0], true)
	}
	if k := slices.Index(words, "--"); k > 0 && k+1 < len(words) && words[k+1] != "" && !strings.HasPrefix(words[k+1], "-") &&
		pl.contextShellScript(words[0]) != "" {
		// wait-for-it.sh db:5432 -- ./start.sh: by convention, the
		// command a script ends in (npm run start -- --port 80 gives the
		// script its arguments). An init's (dumb-init -- app) is
		// innerCommand's. The command is the script's to run (from names
		// who runs the script).
		script := who(in)
		if depth > 0 {
			script = words[0]
		}
		if err := pl.checkStarted(in, words[k+1:], cwd, depth, script, false); err != nil {
			return err
		}
	}
	for _, cmd := range findCommands(words) {
		// find /repos -type d -exec git -C {} pull \;: git too.
		if err := pl.checkStarted(in, cmd, cwd, depth, "find -exec", true); err != nil {
			return err
		}
	}
	if sdk := sdkCommand(words); sdk != "" && pl.build.Toolchain == Dotnet.Name {
		return rewrite.Skipf(in.Line(), "%s runs %s, which needs the .NET SDK: %s has the runtime only", who(in), sdk, pl.build.Runtime)
	}
	if err := pl.checkShellOperand(in, words, cwd, depth); err != nil {
		return err
	}
	if script, ok := shellCommandString(words); ok {
		// bash -c "..." in a script, a supervisord program or the
		// program's own exec.
		if depth > 2 {
			return rewrite.Skipf(in.Line(), "%s runs %s -c, which runs scripts too deep to follow", who(in), words[0])
		}
		return pl.checkShellBody(in, words[0]+" -c", script, cwd, depth, false)
	}
	if script, dir, ok := userScript(words, cwd); ok {
		// su app -c "python manage.py migrate": a shell's script, as
		// another user.
		if depth > 2 {
			return rewrite.Skipf(in.Line(), "%s runs %s -c, which runs scripts too deep to follow", who(in), words[0])
		}
		return pl.checkShellBody(in, words[0]+" -c", script, dir, depth, false)
	}
	if isCron(words[0]) {
		return pl.checkCron(in, depth)
	}
	return pl.checkSupervised(in, words, cwd, depth)
}

// checkCron checks the jobs of the crontabs the build puts where cron
// reads them: each job's commands must exist in the runtime stage, as a
// script's do.
func (pl *plan) checkCron(in *dockerfile.Instruction, depth int) error {
	tabs := crontabs(pl.stage, pl.pass.Options.Context)
	for _, tab := range tabs {
		data, err := readScript(pl.pass.Options.Context, tab.src)
		if err != nil {
			return rewrite.Skipf(in.Line(), "%s runs cron, and its crontab %s cannot be read from the build context: %v", who(in), tab.image, err)
		}
		for _, job := range cronJobs(data, tab.system) {
			if err := pl.checkShellBody(in, tab.image, job.command, cronHome(job), depth+1, false); err != nil {
				return err
			}
		}
	}
	if len(tabs) > 0 {
		pl.pass.Notef(in.Line(), "%s runs cron: the commands of its jobs are in the runtime stage", who(in))
	}
	return nil
}

// checkSupervised checks the programs a supervisord configuration of the
// build context starts: each must exist in the runtime stage, as CMD's
// own. Programs msrewrite cannot find (a configuration a RUN wrote, an
// include it cannot resolve) are refused: a program left behind fails
// only once supervisord starts it.
func (pl *plan) checkSupervised(in *dockerfile.Instruction, words []string, cwd string, depth int) error {
	sv, ok := supervisorCalls(pl.stage, pl.pass.Options.Context, words, cwd)
	if !ok {
		return nil
	}
	kw := who(in)
	switch {
	case sv.unknown != "":
		return rewrite.Skipf(in.Line(), "%s runs supervisord, whose programs cannot be checked: %s", kw, sv.unknown)
	case depth > 2:
		return rewrite.Skipf(in.Line(), "%s runs supervisord from scripts too deep to follow", kw)
	}
	for _, c := range sv.calls {
		name := c.words[0]
		if name == "" {
			return rewrite.Skipf(in.Line(), "%s runs supervisord, and %s starts a program whose name cannot be known", kw, sv.conf)
		}
		if err := pl.checkStarted(in, c.words, c.dir, depth, sv.conf, false); err != nil {
			return err
		}
	}
	pl.pass.Notef(in.Line(), "%s runs supervisord: the programs %s starts are in the runtime stage", kw, sv.conf)
	return nil
}

// checkStarted checks one program that from (a script, a supervisord
// configuration) starts from the folder dir, and what it starts in turn.
// A script's shell looks for builtins first, and may run a program on
// some branch only: one known neither to the runtime nor the builder is
// installed in case.
func (pl *plan) checkStarted(in *dockerfile.Instruction, words []string, dir string, depth int, from string, viaShell bool) error {
	name := words[0]
	found, err := pl.findProgramIn(in, name, dir, viaShell, depth+1)
	switch {
	case err == nil:
		pl.onRuntimePath(in, from+" runs "+name, found)
	case !pl.provide(in, name) && !(viaShell && pl.provideInCase(in, name, from)):
		return fromScript(err, from)
	}
	if err := pl.checkOperands(in, words, from, dir, depth+1); err != nil {
		return fromScript(err, from)
	}
	return nil
}

// gnuOption installs, in a runtime stage whose program is busybox's
// applet, the GNU program whose option a command uses that the applet
// lacks (grep -P, env -C, find -printf), where the builder's program was
// GNU's: a Debian builder's, or one the build installs on alpine; and
// refuses the file when no alpine package has the option (hostname -I).
// who runs the command, and why says where, if anything.
func (pl *plan) gnuOption(in *dockerfile.Instruction, words []string, who, why string) error {
	pkg, option := rewrite.BusyboxLacks(words)
	name := path.Base(words[0])
	if option == "" || pl.runtime.Libc != rewrite.Musl || !pl.runtime.Programs.Has(name) || pkg != "" && slices.Contains(pl.rt.installs, pkg) {
		return nil
	}
	if pl.stage.BaseImage.Libc == rewrite.Musl && (pkg == "" || !slices.ContainsFunc(pl.stage.Installs(), func(inst rewrite.Install) bool { return slices.Contains(inst.Packages, pkg) })) {
		return nil // busybox's in the original image too
	}
	if why != "" {
		why = " (" + why + ")"
	}
	if pkg == "" {
		return rewrite.Skipf(in.Line(), "%s runs %s %s%s, which busybox's %s on %s does not take, and no alpine package is known to", who, name, option, why, name, pl.build.Runtime)
	}
	pl.rt.install(pkg)
	pl.pass.Notef(in.Line(), "%s runs %s %s%s, which busybox's %s on %s does not take: the GNU package %s is installed in the runtime stage", who, name, option, why, name, pl.build.Runtime, pkg)
	return nil
}

// checkShellOperand checks the script a shell runs from a file (sh
// entrypoint.sh) or reads into itself (. ./env.sh), run from the folder
// cwd, when the build context brought it: as a script with that shell, #!
// line or not. A script msrewrite cannot read there (the runtime image's
// own, one a RUN wrote) is taken as it is, as one run by its path is.
func (pl *plan) checkShellOperand(in *dockerfile.Instruction, words []string, cwd string, depth int) error {
	op, ok := shellOperand(words)
	sourced := false
	if !ok {
		op, sourced = sourcedFile(words)
	}
	if !ok && !sourced {
		return nil
	}
	kw := who(in)
	switch {
	case op == "" && sourced:
		return nil // . "$NVM_DIR/nvm.sh": not the build context's, as far as can be told
	case op == "":
		return rewrite.Skipf(in.Line(), "%s runs %s with a script whose name cannot be known", kw, words[0])
	case cwd == "" && !path.IsAbs(op):
		return rewrite.Skipf(in.Line(), "%s runs %s %s from a folder that cannot be known (a cd or WORKDIR with a variable)", kw, words[0], op)
	case depth > 2:
		return rewrite.Skipf(in.Line(), "%s runs %s, which runs scripts too deep to follow", kw, op)
	}
	script := shell.Resolve(cwd, op)
	src, ok := pl.runtimeContextFile(script)
	if !ok {
		return nil
	}
	body, err := readScript(pl.pass.Options.Context, src)
	if err != nil {
		return rewrite.Skipf(in.Line(), "%s runs %s, which cannot be read from the build context: %v", kw, script, err)
	}
	return pl.checkShellBody(in, script, body, cwd, depth, true)
}

// shebang reads a script's #! line: the interpreter (env's program for
// #!/usr/bin/env bash; "" when the line names none) and the rest of the
// script; ok is false for a file without one.
func shebang(data string) (interp, body string, ok bool) {
	first, body, _ := strings.Cut(data, "\n")
	line, ok := strings.CutPrefix(strings.TrimSpace(first), "#!")
	if !ok {
		return "", data, false
	}
	words := strings.Fields(line)
	switch {
	case len(words) == 0:
		return "", body, true
	case path.Base(words[0]) == "env" && len(words) > 1:
		return words[1], body, true
	}
	return words[0], body, true
}

// readScript reads a script of the build context. CRLF line ends, which
// a Windows checkout gives and builds mend with dos2unix or sed, are read
// as LF: a script whose #! line keeps its CR cannot start in the original
// image either.
func readScript(ctx *buildctx.Context, src string) (string, error) {
	data, err := ctx.ReadFile(src)
	return strings.ReplaceAll(string(data), "\r\n", "\n"), err
}

// execWords are the words of the program a call runs: for exec
// PROGRAM, PROGRAM's (the shell becomes it). args is true for exec "$@",
// which runs the script's own arguments: the container's command line
// gives them, and is checked as itself.
func execWords(c shell.Call) (words []string, args bool) {
	words = callWords(c)
	if len(words) < 2 || words[0] != "exec" {
		return words, false
	}
	i := 1
	for i < len(words) && c.Known[i] {
		// bash's exec -c, -l and -a NAME (the name the program is given)
		w := words[i]
		if w == "--" {
			i++
			break
		}
		if len(w) < 2 || w[0] != '-' || strings.Trim(w[1:], "acl") != "" {
			break
		}
		i++
		if strings.ContainsRune(w, 'a') {
			i++
		}
	}
	switch {
	case i >= len(words):
		return words[:1], false
	case c.Positional[i]:
		return nil, true
	}
	return words[i:], false
}

// callWords are a call's words, "" for one that cannot be known.
func callWords(c shell.Call) []string {
	words := slices.Clone(c.Args)
	for i, k := range c.Known {
		if !k {
			words[i] = ""
		}
	}
	return words
}

// fromScript says which script a refusal comes from.
func fromScript(err error, script string) error {
	var skip *rewrite.Skip
	if errors.As(err, &skip) {
		skip.Reason = fmt.Sprintf("%s (in %s)", skip.Reason, script)
	}
	return err
}

// runtimeCalls reads a script (from the file named file, "" for a command
// line's) as the runtime stage's shell runs it from the folder cwd, with
// the runtime PATH.
func (pl *plan) runtimeCalls(script, file, cwd string) ([]shell.Call, error) {
	return shell.Calls(script, shell.State{Dir: cwd, Env: pl.runtimeEnv(), Script: file, Substitutions: true})
}

// builderOnlyVar is a variable of the builder image that the runtime
// stage does not set, written in a call of a script (its text), "" for
// none: the real reason a program's name is unknown after the rewrite
// (exec $GOPATH/bin/app, which the golang image's GOPATH made /go/bin/app).
func (pl *plan) builderOnlyVar(script string, c shell.Call) string {
	if c.Offset < 0 || c.End > len(script) || c.End < c.Offset {
		return ""
	}
	text := script[c.Offset:c.End]
	for _, name := range slices.Sorted(maps.Keys(pl.stage.BaseImage.Env)) {
		if _, ok := pl.runtime.Env[name]; ok || pl.rt.envKeys[name] {
			continue
		}
		for _, ref := range []string{"$" + name, "${" + name} {
			for at := range occurrences(text, ref) {
				if end := at + len(ref); end == len(text) || !isJSNameByte(text[end]) {
					return name // $GOPATH, not $GOPATHS
				}
			}
		}
	}
	return ""
}

// runtimeEnv is the environment the runtime stage gives its programs, as
// far as it is known: the runtime image's, the ENV lines carried to it
// (exec "$APP_HOME/bin/app" after ENV APP_HOME=/srv/app), HOME and PATH.
// A name it lacks is unknown, not empty: the operator may set it.
func (pl *plan) runtimeEnv() shell.Lookup {
	env := maps.Clone(pl.runtime.Env)
	if env == nil {
		env = map[string]string{}
	}
	for name := range pl.rt.envKeys {
		if v, ok, known := pl.stage.Final.Get(name); ok && known {
			env[name] = v
		} else {
			delete(env, name)
		}
	}
	if _, ok := env["HOME"]; !ok && !pl.rt.envKeys["HOME"] {
		// Docker sets HOME from the user's entry in /etc/passwd: /root
		// for root, the user the images msrewrite picks run as; a user
		// the build adds has the home its useradd gave it.
		switch u := pl.stage.Final.User; {
		case u != "" && nonRootUser(u) != "":
			if h := userHome(pl.stage, nonRootUser(u)); h != "" {
				env["HOME"] = h
			}
		case u != "" || pl.build.Why != chosenByUser:
			env["HOME"] = "/root"
		}
	}
	env["PATH"] = pl.runtimePath()
	return shell.MapLookup(env)
}

// runtimePath is PATH as the runtime stage sets it.
func (pl *plan) runtimePath() string {
	p, ok := pl.runtime.Env["PATH"]
	if !ok {
		p = rewrite.DefaultPath
	}
	if pl.rt.envKeys["PATH"] {
		if v, ok, known := pl.stage.Final.Get("PATH"); ok && known {
			p = v
		}
	}
	if len(pl.rt.pathDirs) > 0 {
		p = strings.Join(pl.rt.pathDirs, ":") + ":" + p
	}
	return p
}

func onPath(dir, pathVar string) bool {
	for _, d := range strings.Split(pathVar, ":") {
		if path.Clean(d) == dir {
			return true
		}
	}
	return false
}

// finalPath is PATH at the end of the builder stage.
func finalPath(st *rewrite.Stage) string {
	v, _, _ := st.Final.Get("PATH")
	return v
}

// builderPath is PATH as the build left it, with the folders the detector
// added in front (a virtualenv's bin).
func (pl *plan) builderPath() string {
	if len(pl.build.PathPrefix) == 0 {
		return finalPath(pl.stage)
	}
	return strings.Join(pl.build.PathPrefix, ":") + ":" + finalPath(pl.stage)
}

// checkPrograms installs the libraries the artifacts load
// (Build.Libraries) and checks the programs they run (Build.Programs):
// each must be in the runtime stage, or be installed there with the
// runtime image's package manager, or the file is left alone.
func (pl *plan) checkPrograms() error {
	in := pl.build.Steps[0]
	for i, lib := range pl.build.Libraries {
		if slices.ContainsFunc(pl.build.Libraries[:i], func(l rewrite.Library) bool { return l.Dev == lib.Dev }) {
			continue
		}
		if rewrite.PackageManager(pl.runtime) == "" {
			// An untagged ubuntu, say, whose release is not known.
			return rewrite.Skipf(in.Line(), "the runtime stage must install %s (%s), and msrewrite knows no package manager for %s (name the release in the tag)", lib.Package, lib.Why, pl.build.Runtime)
		}
		pl.rt.install(lib.Package)
		pl.rt.recommends = pl.rt.recommends || lib.Recommends
		pl.runtime.Programs = pl.runtime.Programs.With(strings.Join(lib.Programs, " "))
		if lib.AsIs {
			pl.pass.Notef(in.Line(), "%s, %s: the runtime stage installs it too", lib.Dev, lib.Why)
		} else {
			pl.pass.Notef(in.Line(), "the build links against %s (%s): its library package %s is installed in the runtime stage", lib.Dev, lib.Why, lib.Package)
		}
	}
	var seen []string
	programs := slices.Clone(pl.build.Programs)
	for i := 0; i < len(programs); i++ {
		prog := programs[i]
		words := append([]string{prog.Name}, prog.Args...)
		if inner := shell.Inner(words); len(inner) > 0 && inner[0] != "" {
			// exec.Command("timeout", "30", "git", "fetch"): git too.
			programs = append(programs, rewrite.Exec{Name: inner[0], Args: inner[1:], Why: prog.Why + ", through " + prog.Name, Required: prog.Required})
		}
		for _, cmd := range findCommands(words) {
			programs = append(programs, rewrite.Exec{Name: cmd[0], Args: cmd[1:], Why: prog.Why + ", through find -exec", Required: prog.Required})
		}
		if err := pl.gnuOption(in, words, "the program", prog.Why); err != nil {
			return err // each call's own options
		}
		if slices.Contains(seen, prog.Name) {
			continue
		}
		seen = append(seen, prog.Name)
		dir, err := pl.findProgramIn(in, prog.Name, pl.stage.Final.Workdir, false, 0)
		if err == nil {
			// bash scripts/deploy.sh: the script's commands too.
			// (Its sh -c scripts' programs are among the program's own.)
			if err := pl.checkShellOperand(in, append([]string{prog.Name}, prog.Args...), pl.stage.Final.Workdir, 0); err != nil {
				return err
			}
			pl.onRuntimePath(in, "the program runs "+prog.Name+" ("+prog.Why+")", dir)
			pl.build.Ran = append(pl.build.Ran, prog.Name)
			continue
		}
		if exe := rewrite.LookPath(prog.Name, pl.stage.Final.Workdir, pl.builderPath(), pl.isFromImage); exe != "" && pl.isFromImage(exe) {
			// There, from another image or a download, but maybe not
			// runnable on the runtime's C library.
			return rewrite.Skipf(in.Line(), "the program runs %s (%s), which a COPY --from of another image or a download brought: it may need the builder's %s, and %s has %s", prog.Name, prog.Why, pl.stage.BaseImage.Libc, pl.build.Runtime, pl.runtime.Libc)
		}
		if !prog.Required && !builderHas(pl.stage, prog.Name) {
			// Missing in the original image too: the rewrite keeps that.
			// (A package the build installs that no table here knows
			// to bring it is installed again, or stays a build tool.)
			if len(pl.stage.Installs()) > 0 && rewrite.ProgramPackage(pl.stage.BaseImage, prog.Name) == "" {
				pl.pass.Notef(in.Line(), "the program runs %s (%s), which msrewrite knows in neither the builder's image, the packages it installs, nor %s: nothing to carry (the packages the build installs for run time are installed again)", prog.Name, prog.Why, pl.build.Runtime)
				continue
			}
			pl.pass.Notef(in.Line(), "the program runs %s (%s), which neither the builder nor %s has: nothing to carry", prog.Name, prog.Why, pl.build.Runtime)
			continue
		}
		pkg, lack := pl.reinstalled(prog.Name), ""
		if pkg == "" {
			pkg, lack = pl.programPackage(prog.Name)
		}
		if pkg == "" {
			return rewrite.Skipf(in.Line(), "the program runs %s (%s), which %s", prog.Name, prog.Why, lack)
		}
		pl.rt.install(pkg)
		pl.pass.Notef(in.Line(), "the program runs %s (%s), which %s lacks: its package %s is installed in the runtime stage", prog.Name, prog.Why, pl.build.Runtime, pkg)
		pl.build.Ran = append(pl.build.Ran, prog.Name)
	}
	return nil
}

// reinstalled is the package the runtime stage installs again, as the
// builder got it, that puts a program on PATH: one named as the program
// (gosu from gosu, chromium from chromium), or one the table says brings
// it (pg_dump from postgresql-client-15); "" for none.
func (pl *plan) reinstalled(name string) string {
	if strings.Contains(name, "/") && !onPath(path.Dir(name), pl.runtimePath()) {
		return ""
	}
	base := path.Base(name)
	for _, p := range pl.rt.installs {
		if p == base || rewrite.ProgramPackageOf(p, base) {
			return p
		}
	}
	return ""
}

// namedArtifact tells whether a path is an artifact's own, not one a
// folder artifact merely may hold.
func (pl *plan) namedArtifact(p string) bool {
	return slices.ContainsFunc(pl.build.Artifacts, func(a rewrite.Artifact) bool { return a.Path == p })
}

// builderHas tells whether the builder stage has a program: its image
// has it, or the build installs the package that brings it (or one of
// that name). A program the builder lacks was missing in the original
// image too.
func builderHas(st *rewrite.Stage, name string) bool {
	base := path.Base(name)
	if !strings.Contains(name, "/") || onPath(path.Dir(name), finalPath(st)) {
		if st.BaseImage.Programs.Has(base) || st.BaseImage.Toolchain.Has(base) {
			return true
		}
	}
	for _, inst := range st.Installs() {
		if slices.Contains(inst.Packages, "?") {
			return true // a package whose name cannot be known may bring it
		}
	}
	return installedPackage(st, base) != ""
}

// installedPackage is the first package the build installs that brings
// a program: one of its name, or one the table says provides it; "" for
// none.
func installedPackage(st *rewrite.Stage, name string) string {
	for _, inst := range st.Installs() {
		for _, p := range inst.Packages {
			if p == name || rewrite.ProgramPackageOf(p, name) {
				return p
			}
		}
	}
	return ""
}

// provide installs, in the runtime stage, a program that CMD, ENTRYPOINT,
// HEALTHCHECK or a script they run needs and that the runtime image lacks
// but the builder had (curl for a health check, bash for a script), with
// the runtime image's package manager; false when it cannot.
func (pl *plan) provide(in *dockerfile.Instruction, name string) bool {
	if !builderHas(pl.stage, name) {
		return false
	}
	pkg := pl.reinstalled(name)
	if pkg == "" {
		pkg, _ = pl.programPackage(name)
	}
	if pkg == "" {
		return false
	}
	pl.rt.install(pkg)
	pl.runtime.Programs = pl.runtime.Programs.With(path.Base(name))
	pl.pass.Notef(in.Line(), "%s runs %s, which %s lacks and the builder has: its package %s is installed in the runtime stage", who(in), name, pl.build.Runtime, pkg)
	return true
}

// provideInCase installs, in the runtime stage, a program a script runs
// that neither the runtime image nor, as far as msrewrite knows, the
// builder has, when a package of it is known: a script may run it only on
// some branch (wait-for-it.sh's nc, for busybox), and msrewrite's list of
// what the builder image holds may be short. A program too many costs a
// package; one too few breaks the script.
func (pl *plan) provideInCase(in *dockerfile.Instruction, name, script string) bool {
	pkg, _ := pl.programPackage(name)
	if pkg == "" {
		return false
	}
	pl.rt.install(pkg)
	pl.runtime.Programs = pl.runtime.Programs.With(path.Base(name))
	pl.pass.Notef(in.Line(), "%s runs %s, which %s lacks (msrewrite does not know the builder to have it either): its package %s is installed in the runtime stage, in case", script, name, pl.build.Runtime, pkg)
	return true
}

// programPackage is the package that installs a program on the runtime
// image; "" with how the runtime image lacks it when there is none: the
// image the user chose is not changed, a path off PATH is not where a
// package puts a program, and Debian past its support installs nothing.
func (pl *plan) programPackage(name string) (pkg, lack string) {
	runtime := pl.build.Runtime
	switch {
	case pl.build.Why == chosenByUser:
		return "", runtime + ", the runtime image chosen, lacks"
	case strings.Contains(name, "/") && !onPath(path.Dir(name), pl.runtimePath()):
		return "", runtime + " lacks and msrewrite knows no package of it to install there"
	case pl.stage.BaseImage.Toolchain.Has(path.Base(name)):
		// The distribution's package of it is another version, built
		// otherwise: the container needs the builder's own.
		return "", "is part of the builder's toolchain (" + pl.stage.Base + "): " + runtime + " leaves it out"
	}
	pkg = rewrite.ProgramPackage(pl.runtime, path.Base(name))
	switch blocked := rewrite.InstallBlocked(pl.runtime); {
	case pkg == "":
		return "", runtime + " lacks and msrewrite knows no package of it to install there"
	case blocked != "":
		return "", runtime + " lacks, and " + blocked
	}
	return pkg, ""
}

// who names what runs a program, in messages: CMD, ENTRYPOINT or
// HEALTHCHECK, or the program a build step made (its exec calls are
// checked on the build step's line).
func who(in *dockerfile.Instruction) string {
	if in.Name() == "run" {
		return "the program"
	}
	return strings.ToUpper(in.Name())
}

// nodeForAssets is the nodejs package a build of another language
// installs (Debian's, or NodeSource's) only for a RUN of npm, npx, yarn
// or pnpm (a front end's assets), which stays in the builder, saying so:
// "" when the container may run node (its command line or scripts, or
// one of the programs the program runs) or no such RUN exists.
func nodeForAssets(st *rewrite.Stage, p *rewrite.Pass, programs []rewrite.Exec) string {
	ctx := p.Options.Context
	var in *dockerfile.Instruction
	for _, inst := range st.Installs() {
		if slices.Contains(inst.Packages, "nodejs") {
			in = inst.In
		}
	}
	if in == nil {
		return ""
	}
	built := false
	for _, tool := range []string{"npm", "npx", "yarn", "pnpm"} {
		calls, err := st.CallsOf(tool)
		if err != nil {
			return ""
		}
		built = built || len(calls) > 0
	}
	if !built {
		return ""
	}
	runsNode := func(name string) bool {
		return slices.Contains([]string{"node", "nodejs", "npm", "npx", "yarn", "pnpm"}, path.Base(name))
	}
	if containerMayRun(st, ctx, runsNode) {
		return ""
	}
	if ctx == nil || slices.ContainsFunc(programs, func(e rewrite.Exec) bool { return runsNode(e.Name) }) {
		return ""
	}
	p.Notef(in.Line(), "nodejs builds the front end's assets (npm, npx, yarn or pnpm in a RUN): it stays in the builder, since nothing the container runs, nor the program, runs node")
	return "nodejs"
}

// containerMayRun tells whether a CMD, ENTRYPOINT or HEALTHCHECK, or a
// script of the build context one runs, may run a program that is
// accepts: one it names, or one whose name cannot be known.
func containerMayRun(st *rewrite.Stage, ctx *buildctx.Context, is func(name string) bool) bool {
	for _, in := range st.Body {
		if in.Name() != "cmd" && in.Name() != "entrypoint" && in.Name() != "healthcheck" {
			continue
		}
		for _, call := range commandCalls(st, &rewrite.Program{In: in}, ctx) {
			if len(call.words) == 0 || call.words[0] == "" || is(call.words[0]) {
				return true
			}
		}
	}
	return false
}

// taskRunners run the recipes of a build script (make's Makefile, just's
// justfile, task's Taskfile, mage's magefiles): commands msrewrite does
// not follow, in a file the runtime stage leaves out as a build input.
var taskRunners = rewrite.WordSet(`make gmake just task mage`)

// checkRecipes refuses a container command that runs a task runner
// (CMD ["make", "run"]), not a program of that name the build made.
func (pl *plan) checkRecipes() error {
	prog := pl.stage.Program()
	if prog == nil {
		return nil
	}
	for _, c := range commandCalls(pl.stage, prog, pl.pass.Options.Context) {
		if len(c.words) == 0 {
			continue
		}
		name := path.Base(c.words[0])
		if taskRunners.Has(name) && !slices.ContainsFunc(pl.build.Artifacts, func(a rewrite.Artifact) bool { return path.Base(a.Path) == name }) {
			if c.inScript {
				name += " (in a script it runs)"
			}
			return rewrite.Skipf(prog.In.Line(), "%s runs %s, whose recipes run when the container starts: msrewrite does not follow them, and the build script that holds them stays in the builder", strings.ToUpper(prog.In.Name()), name)
		}
	}
	return nil
}
