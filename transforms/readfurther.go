package transforms

import (
	"errors"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// What a RUN runs, read further than its shell: `RUN make build` and
// `RUN ./build.sh` in a golang image, where Go projects keep the build
// line in a Makefile or a script of the build context, and a C build's
// `make install`. make is read as the commands its recipes run
// (makefile.go), a shell script as the commands in it, so that the go
// build among them is a build step like one written in the RUN, and the
// rest (a cp, a mkdir, an install) is read as any command of a RUN is.

// goReadFurther reads the make calls and the context's shell scripts a
// golang image's stage runs: when the stage builds Go (a go build or go
// install in its RUN lines or in what they run), the RUN lines are
// expanded with what they run (Stage.ReadFurther), and the files read
// are returned by the RUN's place in Body. What msrewrite cannot read is
// left as it was (a build tool whose work stays in the builder, a script
// run as a program), unless nothing else builds: then what stopped the
// reading is the reason.
func goReadFurther(st *rewrite.Stage, p *rewrite.Pass) (map[int][]string, error) {
	if st.BaseImage.Family != "golang" && !distroGo(st) {
		return nil, nil
	}
	// The go builds written in the RUN lines themselves (direct, known
	// when err is nil).
	direct, err := st.CallsOf("go", "build", "install")
	noDirect := err == nil && len(direct) == 0
	fr, readErr := furtherCalls(st, p.Options.Context)
	if readErr != nil {
		if noDirect {
			return nil, readErr
		}
		return nil, nil
	}
	// Read further only for a Go build, but then every RUN: what the
	// scripts before the build do is read too, rather than refused.
	builds := false
	for _, calls := range fr.calls {
		for _, c := range calls {
			builds = builds || path.Base(c.Name()) == "go" && len(c.Args) > 1 && (!c.Known[1] || c.Args[1] == "build" || c.Args[1] == "install")
		}
	}
	switch {
	case !builds && noDirect && len(fr.unread) > 0:
		// Nothing builds that msrewrite can see: the build may be in a
		// script it cannot read.
		return nil, rewrite.Skipf(fr.unreadLine, "no go build that msrewrite can read: the build may be in %s, which runs with an interpreter msrewrite does not read", strings.Join(fr.unread, ", "))
	case !builds && (err != nil || noDirect):
		return nil, nil
	}
	for i, calls := range fr.calls {
		st.ReadFurther(i, calls)
	}
	return fr.files, nil
}

// makeInstallRead reads, for a C build, the Makefile of a make install:
// it puts files where the Makefile says (the binary, but data and
// configuration too, under PREFIX or anywhere), which msrewrite reads or
// refuses, rather than carry the binary alone. nil files when no make
// install runs.
func makeInstallRead(st *rewrite.Stage, p *rewrite.Pass) (map[int][]string, error) {
	// A make install in a folder cmake configured runs the project's
	// install() rules (cmakeinstall.go), not a Makefile of the context.
	configured := map[string]bool{}
	cmakes, _ := st.CallsOf("cmake")
	for _, tc := range cmakes {
		if build, _, ok := cmakeConfigure(tc.Call); ok {
			configured[build] = true
		}
	}
	installs := false
	for _, name := range []string{"make", "gmake"} {
		calls, _ := st.CallsOf(name)
		installs = installs || slices.ContainsFunc(calls, func(tc rewrite.ToolCall) bool {
			return slices.Contains(tc.Call.Args[1:], "install") && !configured[makeDir(tc.Call)]
		})
	}
	if !installs {
		return nil, nil
	}
	fr, err := furtherCalls(st, p.Options.Context)
	if err != nil {
		var skip *rewrite.Skip
		if errors.As(err, &skip) {
			return nil, rewrite.Skipf(skip.Line, "make install puts files where its Makefile says, and %s", skip.Reason)
		}
		return nil, err
	}
	for i, calls := range fr.calls {
		st.ReadFurther(i, calls)
	}
	return fr.files, nil
}

// makeDir is the folder a make call runs in: its -C's, or where it is.
func makeDir(c shell.Call) string {
	dir := c.Dir
	for i := 1; i+1 < len(c.Args); i++ {
		if c.Args[i] == "-C" {
			dir = shell.Resolve(dir, c.Args[i+1])
			i++
		}
	}
	return dir
}

// noteRead tells --explain which files each RUN was read through.
func noteRead(st *rewrite.Stage, p *rewrite.Pass, read map[int][]string) {
	for _, i := range slices.Sorted(maps.Keys(read)) {
		p.Notef(st.Body[i].Line(), "read through %s, whose commands count as this RUN's", strings.Join(read[i], ", "))
	}
}

// furtherRead is what furtherCalls read.
type furtherRead struct {
	// calls are, by a RUN's place in Body, its commands with each make
	// or context script replaced by the commands it runs; files the
	// image paths of the Makefiles and scripts read for it.
	calls map[int][]shell.Call
	files map[int][]string
	// unread are the context's scripts another interpreter runs, the
	// first from the RUN of line unreadLine.
	unread     []string
	unreadLine int
}

// furtherCalls reads, for each RUN of the stage that runs make or a
// shell script of the build context, what those run.
func furtherCalls(st *rewrite.Stage, ctx *buildctx.Context) (furtherRead, error) {
	fr := furtherRead{files: map[int][]string{}}
	var copies []rewrite.CopyIn
	for i, in := range st.Body {
		if in.Name() != "run" {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return fr, rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		}
		if !slices.ContainsFunc(calls, func(c shell.Call) bool { return isMake(c) || scriptArg(c) != "" || isGoWrapper(c) || isGodepGo(c) }) {
			continue
		}
		if ctx == nil {
			if slices.ContainsFunc(calls, isMake) {
				return fr, rewrite.Skipf(in.Line(), "make runs what a Makefile of the build context says, and the build context cannot be seen (give the file's name, or --context)")
			}
			if slices.ContainsFunc(calls, isGoWrapper) {
				return fr, rewrite.Skipf(in.Line(), "go-wrapper builds under the import path a package's import comment names, and the build context cannot be seen (give the file's name, or --context)")
			}
			continue // a script: run as a program, as before
		}
		if copies == nil {
			if copies, err = st.ContextCopies(ctx); err != nil {
				return fr, rewrite.Skipf(in.Line(), "make and scripts run what files of the build context say: %v", err)
			}
		}
		var read []string
		if len(fr.unread) == 0 {
			fr.unreadLine = in.Line() // where the first unread script may run
		}
		r := runReader{ctx: ctx, copies: copies, in: in, index: i, user: st.Before[i].User, files: &read, unread: &fr.unread}
		var expanded []shell.Call
		changed := false
		for _, c := range calls {
			more, further, err := r.further(c, 0, nil)
			if err != nil {
				return fr, err
			}
			expanded = append(expanded, more...)
			changed = changed || further
		}
		if changed {
			if fr.calls == nil {
				fr.calls = map[int][]shell.Call{}
			}
			fr.calls[i] = expanded
			fr.files[i] = unique(read, func(s string) string { return s })
		}
	}
	return fr, nil
}

func isMake(c shell.Call) bool {
	base := path.Base(c.Name())
	return base == "make" || base == "gmake"
}

// runReader reads what the commands of one RUN run further.
type runReader struct {
	ctx    *buildctx.Context
	copies []rewrite.CopyIn
	in     *dockerfile.Instruction
	index  int
	user   string // the stage's USER at the RUN
	// files are the image paths of the Makefiles and scripts read;
	// unread those of the context's scripts another interpreter runs.
	files, unread *[]string
}

// further is what a command runs, read as far as msrewrite can: a make
// call's recipes, a context script's commands, each read further in turn,
// or the command itself (read false). inherited are the variables of the
// make command line above it.
//
// The commands read take the place of the one that runs them, with
// where an edit for them goes: in front of a script run from the RUN's
// text (an environment prefix reaches it), at the end of make's words
// (a command-line variable wins over the Makefile's own and reaches what
// its recipes run), else nowhere in the text (an ENV line before the RUN).
func (r runReader) further(c shell.Call, depth int, inherited map[string]string) (calls []shell.Call, read bool, err error) {
	if depth > 8 {
		return nil, false, rewrite.Skipf(r.in.Line(), "make and scripts run each other too deep to follow")
	}
	if isMake(c) {
		calls, err := r.run(c, depth, inherited)
		return calls, true, err
	}
	if isGoWrapper(c) {
		return r.goWrapper(c)
	}
	if isGodepGo(c) {
		// godep go build runs go build with Godeps/_workspace first on
		// GOPATH: the same command, writing what it writes.
		if len(c.Positional) > 0 {
			return []shell.Call{c}, false, nil
		}
		g := c
		g.Args, g.Known = c.Args[1:], c.Known[1:]
		g.Prefixes, g.Positional = shiftedBy(c.Prefixes, 1), nil
		*r.files = append(*r.files, "godep (go with Godeps/_workspace on GOPATH)")
		return []shell.Call{g}, true, nil
	}
	script := scriptArg(c)
	if script == "" || c.Dir == "" {
		return []shell.Call{c}, false, nil
	}
	imagePath := shell.Resolve(c.Dir, script)
	src := r.contextFile(imagePath)
	if src == "" {
		return []shell.Call{c}, false, nil // not from the context: a program
	}
	data, err := r.ctx.ReadFile(src)
	if err != nil {
		return []shell.Call{c}, false, nil
	}
	text := string(data)
	if first, _, _ := strings.Cut(text, "\n"); strings.HasPrefix(first, "#!") && !shell.IsShell(c.Name()) && !shell.ShellShebang(first) {
		*r.unread = append(*r.unread, imagePath+" ("+strings.TrimSpace(first)+")")
		return []shell.Call{c}, false, nil // run by another interpreter
	}
	*r.files = append(*r.files, imagePath)
	// A build script's sudo is the RUN's: the command it runs as root.
	inner, err := shell.Calls(text, shell.State{Dir: c.Dir, Env: c.Getenv, Script: script, Build: true})
	if err != nil {
		return nil, false, rewrite.Skipf(r.in.Line(), "cannot read the shell of %s, which this RUN runs: %v", imagePath, err)
	}
	if err := rewrite.SudoUnder(r.user, inner); err != nil {
		return nil, false, rewrite.Skipf(r.in.Line(), "%s, which this RUN runs: %v", imagePath, err)
	}
	for _, ic := range inner {
		ic.Offset, ic.End = c.Offset, -1
		if c.Offset < 0 {
			ic.End = c.End // run by a make recipe: make's command line reaches it
		}
		ic.Conditional = ic.Conditional || c.Conditional
		more, _, err := r.further(ic, depth+1, inherited)
		if err != nil {
			return nil, false, err
		}
		calls = append(calls, more...)
	}
	return calls, true, nil
}

// isGodepGo tells whether a call is godep's go command (godep go build),
// with the go command named as a literal word.
func isGodepGo(c shell.Call) bool {
	return path.Base(c.Name()) == "godep" && len(c.Args) > 2 && c.Known[1] && c.Args[1] == "go" && c.Known[2] && !strings.HasPrefix(c.Args[2], "-")
}

// shiftedBy is a map by word index with each index n places lower, the
// words before them taken away; nil for none.
func shiftedBy(m map[int]string, n int) map[int]string {
	if len(m) == 0 {
		return nil
	}
	out := map[int]string{}
	for i, v := range m {
		if i >= n {
			out[i-n] = v
		}
	}
	return out
}

// isGoWrapper tells whether a call runs go-wrapper (goWrapper).
func isGoWrapper(c shell.Call) bool {
	return path.Base(c.Name()) == "go-wrapper"
}

// goWrapper reads a call of go-wrapper, the script the golang images
// shipped up to Go 1.9 and their documented example used: `download`
// runs go get -v -d and `install` go install -v, each with the words
// given and ./..., the package of the working folder and those below.
// Other commands (run) are left as they are. A package there with an
// import comment, or a .godir file, makes it build under that import path
// in GOPATH and name the program after it: refused.
func (r runReader) goWrapper(c shell.Call) ([]shell.Call, bool, error) {
	if len(c.Args) < 2 || !c.Known[1] || c.Args[1] != "download" && c.Args[1] != "install" || c.Dir == "" {
		return []shell.Call{c}, false, nil
	}
	if !c.AllKnown() {
		return nil, false, rewrite.Skipf(r.in.Line(), "cannot evaluate an argument of go-wrapper %s", c.Args[1])
	}
	if why := r.importComment(c.Dir); why != "" {
		return nil, false, rewrite.Skipf(r.in.Line(), "go-wrapper %s: %s, so it builds under that import path and names the program after it: not handled", c.Args[1], why)
	}
	g := c
	g.Args = []string{"go", "install", "-v"}
	if c.Args[1] == "download" {
		g.Args = []string{"go", "get", "-v", "-d"}
	}
	g.Args = append(append(g.Args, c.Args[2:]...), "./...")
	g.Known = make([]bool, len(g.Args))
	for i := range g.Known {
		g.Known[i] = true
	}
	g.Prefixes, g.Positional = nil, nil
	*r.files = append(*r.files, "go-wrapper (the golang image's script: "+strings.Join(g.Args, " ")+")")
	return []shell.Call{g}, true, nil
}

// importComment tells why go-wrapper would find an import path for the
// package in an image folder (a .godir file, or an import comment on the
// package clause of one of its files, as go list reports it); "" when
// it finds none.
func (r runReader) importComment(dir string) string {
	if r.contextFile(path.Join(dir, ".godir")) != "" {
		return dir + "/.godir names an import path"
	}
	for _, cp := range r.copies {
		if cp.Index >= r.index {
			break
		}
		for _, l := range cp.Landings {
			var files []string
			if src, lands := landingSource(l, dir); lands && l.Dir {
				files, _ = r.ctx.Glob(path.Join(src, "*.go"))
			} else if !l.Dir && path.Dir(l.Dest) == dir && strings.HasSuffix(l.Dest, ".go") {
				files = []string{l.Src}
			}
			for _, f := range files {
				src, err := r.ctx.ReadFile(f)
				if err == nil && goImportComment().Match(src) {
					return f + " has an import comment"
				}
			}
		}
	}
	return ""
}

// goImportComment matches a package clause with an import comment
// (package main // import "example.com/app"), in either comment form.
var goImportComment = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^package\s+\w+\s*(//\s*import\s+"|/\*\s*import\s+")`)
})

// scriptArg is the script a command runs from a file: the program itself
// when named by a path (./build.sh), or the file a shell is given (sh
// build.sh, not sh -c); "" for other commands.
func scriptArg(c shell.Call) string {
	name := c.Name()
	if strings.Contains(name, "/") {
		return name
	}
	if !shell.IsShell(name) {
		return ""
	}
	for i := 1; i < len(c.Args); i++ {
		switch a := c.Args[i]; {
		case !c.Known[i]:
			return ""
		case a == "-c" || a == "-s" || a == "-i" || strings.HasPrefix(a, "-") && strings.ContainsAny(a, "cs"):
			return "" // a command string or standard input
		case a == "-o" || a == "+o" || a == "-O" || a == "+O":
			i++ // an option's name: bash -o pipefail build.sh
		case strings.HasPrefix(a, "-") || strings.HasPrefix(a, "+"):
		default:
			return a
		}
	}
	return ""
}

// run lists the commands one make call runs: its recipes, read with
// the shell reader in the folder make runs in and the environment make
// gives them. They take the make call's place in the RUN (its End, where
// a variable given to make reaches them over the Makefile's own) and are
// conditional if it is.
//
// A make a recipe runs inherits the command line's variables (through
// MAKEFLAGS): they win over its Makefile's too.
func (r runReader) run(c shell.Call, depth int, inherited map[string]string) ([]shell.Call, error) {
	line := r.in.Line()
	if c.Dir == "" {
		return nil, rewrite.Skipf(line, "make runs after a cd to a folder that cannot be known")
	}
	dir, file := c.Dir, ""
	vars := maps.Clone(inherited)
	if vars == nil {
		vars = map[string]string{}
	}
	var goals []string
	for i := 1; i < len(c.Args); i++ {
		a, prefix := c.Args[i], c.Prefixes[i]
		if !c.Known[i] {
			if strings.HasPrefix(prefix, "-j") || strings.HasPrefix(prefix, "-l") || i > 1 && c.Known[i-1] && (c.Args[i-1] == "-j" || c.Args[i-1] == "--jobs") {
				continue // a job count, however it is written
			}
			return nil, rewrite.Skipf(line, "cannot evaluate an argument of make")
		}
		next := func() (string, error) {
			if i+1 >= len(c.Args) || !c.Known[i+1] {
				return "", rewrite.Skipf(line, "cannot evaluate the value of make's %s", a)
			}
			i++
			return c.Args[i], nil
		}
		var err error
		switch {
		case a == "-C" || a == "--directory":
			var d string
			d, err = next()
			dir = shell.Resolve(dir, d)
		case strings.HasPrefix(a, "--directory="):
			dir = shell.Resolve(dir, strings.TrimPrefix(a, "--directory="))
		case strings.HasPrefix(a, "-C"):
			dir = shell.Resolve(dir, a[2:])
		case a == "-f" || a == "--file" || a == "--makefile":
			file, err = next()
		case strings.HasPrefix(a, "--file=") || strings.HasPrefix(a, "--makefile="):
			_, file, _ = strings.Cut(a, "=")
		case a == "-j" || a == "--jobs" || a == "-l" || a == "--load-average":
			if i+1 < len(c.Args) && isCount(c.Args[i+1]) {
				i++
			}
		case strings.HasPrefix(a, "-j") || strings.HasPrefix(a, "--jobs=") || strings.HasPrefix(a, "-l") || strings.HasPrefix(a, "--load-average="):
		case a == "-s" || a == "--silent" || a == "--quiet" || a == "-k" || a == "--keep-going" || a == "-B" || a == "--always-make" ||
			a == "-w" || a == "--print-directory" || a == "--no-print-directory" || a == "-r" || a == "--no-builtin-rules" || a == "-R" || a == "--no-builtin-variables":
		case strings.HasPrefix(a, "-"):
			return nil, rewrite.Skipf(line, "make %s: an option msrewrite does not read", a)
		case strings.Contains(a, "="):
			name, value, _ := strings.Cut(a, "=")
			vars[strings.TrimSuffix(name, ":")] = value
		default:
			goals = append(goals, a)
		}
		if err != nil {
			return nil, err
		}
	}
	imagePath, ctxPath, err := r.makefile(dir, file)
	if err != nil {
		return nil, rewrite.Skipf(line, "%v", err)
	}
	data, err := r.ctx.ReadFile(ctxPath)
	if err != nil {
		return nil, rewrite.Skipf(line, "make reads %s: %v", imagePath, err)
	}
	*r.files = append(*r.files, imagePath)
	include := func(name string) ([]byte, bool) {
		src := r.contextFile(shell.Resolve(dir, name))
		if src == "" {
			return nil, false
		}
		data, err := r.ctx.ReadFile(src)
		return data, err == nil
	}
	mf, err := parseMakefile(imagePath, dir, data, c.Getenv, include)
	if err != nil {
		return nil, rewrite.Skipf(line, "make reads %s, which has %v: what it runs cannot be known", imagePath, err)
	}
	if v, ok := mf.vars["CGO_ENABLED"]; ok && v.origin == "file" && c.End < 0 {
		// Only make's command line could turn cgo off over the
		// Makefile's value, and this make's words are not in the RUN's
		// text (sh -c, a heredoc): an ENV line would lose to it.
		return nil, rewrite.Skipf(line, "%s sets CGO_ENABLED, and make runs from a script inside the RUN, where msrewrite cannot give make its own", imagePath)
	}
	mf.setCommandLine(vars)
	exists := func(name string) bool { return r.contextFile(shell.Resolve(dir, name)) != "" }
	recipes, err := mf.recipes(goals, c.Getenv, exists)
	if err != nil {
		return nil, rewrite.Skipf(line, "%v", err)
	}
	env := mf.recipeEnv(c.Getenv)
	var out []shell.Call
	for _, text := range recipes {
		calls, err := shell.Calls(text, shell.State{Dir: dir, Env: env, Build: true})
		if err != nil {
			return nil, rewrite.Skipf(line, "cannot read the shell of a recipe of %s: %v", imagePath, err)
		}
		if err := rewrite.SudoUnder(r.user, calls); err != nil {
			return nil, rewrite.Skipf(line, "a recipe of %s: %v", imagePath, err)
		}
		for _, rc := range calls {
			rc.Offset, rc.End = -1, c.End
			rc.Conditional = rc.Conditional || c.Conditional
			more, _, err := r.further(rc, depth+1, vars)
			if err != nil {
				return nil, err
			}
			out = append(out, more...)
		}
	}
	return out, nil
}

func isCount(s string) bool {
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

// makefile finds the Makefile make reads in an image folder (-f's, or
// GNUmakefile, makefile, Makefile, in make's order) and the context file
// a COPY before the RUN put there.
func (r runReader) makefile(dir, file string) (imagePath, ctxPath string, err error) {
	names := []string{"GNUmakefile", "makefile", "Makefile"}
	if file != "" {
		names = []string{file}
	}
	for _, name := range names {
		p := shell.Resolve(dir, name)
		if src := r.contextFile(p); src != "" {
			return p, src, nil
		}
	}
	if file != "" {
		return "", "", errors.New("make reads " + shell.Resolve(dir, file) + ", which no COPY of the build context puts there")
	}
	return "", "", errors.New("make runs in " + dir + ", where no COPY of the build context puts a Makefile")
}

// contextFile is the context path of the file a COPY before the RUN put
// at an image path, the last such COPY's; "" when none did.
func (r runReader) contextFile(imagePath string) string {
	found := ""
	for _, cp := range r.copies {
		if cp.Index >= r.index {
			break
		}
		for _, l := range cp.Landings {
			src, lands := landingSource(l, imagePath)
			if !lands {
				continue
			}
			if ok, isDir := r.ctx.Stat(src); ok && !isDir {
				found = src
			}
		}
	}
	return found
}
