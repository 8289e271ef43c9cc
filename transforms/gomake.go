package transforms

import (
	"errors"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// `RUN make build` in a golang image: Go projects keep the build line in
// a Makefile. make is read as the commands its recipes run (makefile.go),
// so that the go build among them is a build step like one written in
// the RUN, and the rest of the recipes (a cp, a mkdir) are read as any
// command of a RUN is.

// goMake reads the make calls of a golang image's stage: when their
// recipes run go build or go install, the stage's RUN lines are expanded
// with what make runs (Stage.ReadFurther), and the places in Body of those
// RUN lines are returned. A make msrewrite cannot read is left as it was
// (a build tool whose work stays in the builder), unless nothing else
// builds: then what stopped the reading is the reason.
func goMake(st *rewrite.Stage, p *rewrite.Pass) ([]int, error) {
	if st.BaseImage.Family != "golang" && !distroGo(st) {
		return nil, nil
	}
	expanded, makeErr := goMakeCalls(st, p.Options.Context)
	if makeErr != nil {
		if direct, err := st.CallsOf("go", "build", "install"); err == nil && len(direct) == 0 {
			return nil, makeErr
		}
		return nil, nil
	}
	builds := false
	for _, calls := range expanded {
		for _, c := range calls {
			builds = builds || path.Base(c.Name()) == "go" && len(c.Args) > 1 && (!c.Known[1] || c.Args[1] == "build" || c.Args[1] == "install")
		}
	}
	if !builds {
		return nil, nil
	}
	var made []int
	for i, calls := range expanded {
		st.ReadFurther(i, calls)
		made = append(made, i)
	}
	slices.Sort(made)
	return made, nil
}

// goMakeCalls lists, for each RUN of the stage that runs make, the RUN's
// commands with each make call replaced by the commands its recipes run,
// by the RUN's place in Body; nil when no RUN runs make.
func goMakeCalls(st *rewrite.Stage, ctx *buildctx.Context) (map[int][]shell.Call, error) {
	var out map[int][]shell.Call
	var copies []rewrite.CopyIn
	for i, in := range st.Body {
		if in.Name() != "run" || !st.Mentions(i, "make") {
			continue
		}
		calls, _, err := st.Calls(i)
		if err != nil {
			return nil, rewrite.Skipf(in.Line(), "cannot read the shell of this RUN: %v", err)
		}
		var expanded []shell.Call
		changed := false
		for _, c := range calls {
			if !isMake(c) {
				expanded = append(expanded, c)
				continue
			}
			if ctx == nil {
				return nil, rewrite.Skipf(in.Line(), "make runs what a Makefile of the build context says, and the build context cannot be seen (give the file's name, or --context)")
			}
			if copies == nil {
				if copies, err = st.ContextCopies(ctx); err != nil {
					return nil, rewrite.Skipf(in.Line(), "make runs what a Makefile of the build context says: %v", err)
				}
			}
			r := makeReader{ctx: ctx, copies: copies, in: in, index: i}
			made, err := r.run(c, 0, nil)
			if err != nil {
				return nil, err
			}
			expanded = append(expanded, made...)
			changed = true
		}
		if changed {
			if out == nil {
				out = map[int][]shell.Call{}
			}
			out[i] = expanded
		}
	}
	return out, nil
}

func isMake(c shell.Call) bool {
	base := path.Base(c.Name())
	return base == "make" || base == "gmake"
}

// makeReader reads the make calls of one RUN.
type makeReader struct {
	ctx    *buildctx.Context
	copies []rewrite.CopyIn
	in     *dockerfile.Instruction
	index  int
}

// run lists the commands one make call runs: its recipes, read with
// the shell reader in the folder make runs in and the environment make
// gives them. They take the make call's place in the RUN (its End, where
// a variable given to make reaches them over the Makefile's own) and are
// conditional if it is.
//
// A make a recipe runs inherits the command line's variables (through
// MAKEFLAGS): they win over its Makefile's too.
func (r makeReader) run(c shell.Call, depth int, inherited map[string]string) ([]shell.Call, error) {
	line := r.in.Line()
	if depth > 4 {
		return nil, rewrite.Skipf(line, "make runs make runs make ...: too deep to follow")
	}
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
	recipes, err := mf.recipes(goals, c.Getenv)
	if err != nil {
		return nil, rewrite.Skipf(line, "%v", err)
	}
	env := mf.recipeEnv(c.Getenv)
	var out []shell.Call
	for _, text := range recipes {
		calls, err := shell.Calls(text, shell.State{Dir: dir, Env: env})
		if err != nil {
			return nil, rewrite.Skipf(line, "cannot read the shell of a recipe of %s: %v", imagePath, err)
		}
		for _, rc := range calls {
			rc.Offset, rc.End = -1, c.End
			rc.Conditional = rc.Conditional || c.Conditional
			if isMake(rc) {
				more, err := r.run(rc, depth+1, vars)
				if err != nil {
					return nil, err
				}
				out = append(out, more...)
				continue
			}
			out = append(out, rc)
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
func (r makeReader) makefile(dir, file string) (imagePath, ctxPath string, err error) {
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
func (r makeReader) contextFile(imagePath string) string {
	found := ""
	for _, cp := range r.copies {
		if cp.Index >= r.index {
			break
		}
		for _, l := range cp.Landings {
			var src string
			switch {
			case l.Dir && under(imagePath, l.Dest) && imagePath != l.Dest:
				src = buildctx.Clean(path.Join(l.Src, strings.TrimPrefix(strings.TrimPrefix(imagePath, l.Dest), "/")))
			case !l.Dir && l.Dest == imagePath:
				src = l.Src
			default:
				continue
			}
			if ok, isDir := r.ctx.Stat(src); ok && !isDir {
				found = src
			}
		}
	}
	return found
}
