package transforms

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

// The programs a Go package runs: os/exec's Command, CommandContext and
// LookPath (and the like of go-cmd, go-sh and bitfield/script) with a
// literal name, and the commands of a `sh -c SCRIPT`. The golang image
// has git, curl and bash; alpine has none of them, and a program that
// ignores exec's error does something else without a word.

// goExecKey memoizes a package folder's programs in its context.
type goExecKey struct{ dir string }

// goExecs reads the programs the files of one package run, each with
// where, once per context; imported are the context folders of the
// module's packages it imports. The name a runner is given may be a
// literal, a constant of any file of the package (const gitBin = "git"
// in config.go), a name given literals (var name = "git", then
// name = "git.exe" on Windows: each may run), a function of the package
// that returns one (return "git" after os.Getenv), or the argument of a
// function of the package that hands it on to the runner
// (run("git", "pull")).
func goExecs(ctx *buildctx.Context, dir string, files []string, imported []string) goRuns {
	return ctx.Memo(goExecKey{dir}, func() any {
		fset := token.NewFileSet()
		sources := parseGoFiles(ctx, fset, dir, files, "")
		pkg := newGoNames(sources)
		for _, d := range imported {
			// A field of a config package's struct, given in that
			// package (Config{FFmpeg: getenv("FFMPEG", "ffmpeg")}).
			var files []*ast.File
			consts := map[string]string{}
			for _, s := range parseGoFiles(ctx, fset, d, goFilesIn(ctx, d), "") {
				files = append(files, s.f)
				maps.Copy(consts, stringConsts(s.f))
			}
			for field, values := range fieldLiterals(files, consts) {
				for _, v := range values {
					if !slices.Contains(pkg.fields[field], v) {
						pkg.fields[field] = append(pkg.fields[field], v)
					}
				}
			}
		}
		runs := goRuns{execs: pkg.programs(fset, sources)}
		for name, w := range pkg.wrappers {
			if ast.IsExported(name) {
				if runs.exported == nil {
					runs.exported = map[string]goWrapper{}
				}
				if w.method {
					name = "." + name // a method: called on a value (r.Run)
				}
				runs.exported[name] = w
			}
		}
		return runs
	}).(goRuns)
}

// programs are the programs a package's files run: through runners,
// then through the package's wrappers of them.
func (g *goNames) programs(fset *token.FileSet, sources []goSource) []rewrite.Exec {
	var out []rewrite.Exec
	for _, s := range sources {
		if s.runs {
			out = append(out, g.execCalls(fset, s.name, s.f)...)
		}
	}
	// Read the calls of the package's wrappers again while the reading
	// finds wrappers of wrappers: each reading finds all the previous
	// one did.
	var wrapped []rewrite.Exec
	for round := 0; round < 4 && len(g.wrappers) > 0; round++ {
		n := len(g.wrappers)
		wrapped = wrapped[:0]
		for _, s := range sources {
			wrapped = append(wrapped, g.wrapperCalls(fset, s.name, s.f, g.ownWrapper)...)
		}
		if len(g.wrappers) == n {
			break
		}
	}
	return append(out, wrapped...)
}

// goRuns is what goExecs reads of a package: the programs it runs, and
// its exported functions that hand a parameter on to a runner, which
// other packages of the module call (shell.Run("git", "pull")); an
// exported method's name is written after a dot (".Run": goMethodCalls).
type goRuns struct {
	execs    []rewrite.Exec
	exported map[string]goWrapper
}

// goImporterKey memoizes the programs a package runs through another's
// wrappers.
type goImporterKey struct{ dir, importPath string }

// goImportedWrapperCalls are the programs the files of the package in
// dir run through the exported wrapper functions of the package it
// imports as importPath: shell.Run("git", "pull"). (Methods are
// goMethodCalls'.)
func goImportedWrapperCalls(ctx *buildctx.Context, dir string, files []string, importPath string, wrappers map[string]goWrapper) []rewrite.Exec {
	return ctx.Memo(goImporterKey{dir, importPath}, func() any {
		fset := token.NewFileSet()
		sources := parseGoFiles(ctx, fset, dir, files, `"`+importPath+`"`)
		pkg := newGoNames(sources)
		var out []rewrite.Exec
		for _, s := range sources {
			local := ""
			for _, imp := range s.f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == importPath {
					local = path.Base(importPath)
					if imp.Name != nil {
						local = imp.Name.Name
					}
				}
			}
			out = append(out, pkg.wrapperCalls(fset, s.name, s.f, func(call *ast.CallExpr) (string, goWrapper, bool) {
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return "", goWrapper{}, false
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != local {
					return "", goWrapper{}, false
				}
				w, ok := wrappers[sel.Sel.Name]
				return local + "." + sel.Sel.Name, w, ok
			})...)
		}
		return out
	}).([]rewrite.Exec)
}

// goMethodKey memoizes the programs a package runs through the module's
// exported method wrappers, by what they are (the packages a Dockerfile
// builds decide which there are).
type goMethodKey struct{ dir, methods string }

// goMethodCalls are the programs the files of the package in dir run
// through the exported method wrappers of the module's packages (by
// ".Name": r.Run("git", "pull") on a value of their type, or on an
// interface it satisfies, which the calling package need not import).
// Without types a method is known by its name alone, so a word that
// cannot be a program's name (a server's Run(":8080")) is left out.
func goMethodCalls(ctx *buildctx.Context, dir string, files []string, methods map[string]goWrapper) []rewrite.Exec {
	names := slices.Sorted(maps.Keys(methods))
	key := ""
	for _, name := range names {
		key += fmt.Sprintf("%s%+v;", name, methods[name])
	}
	return ctx.Memo(goMethodKey{dir, key}, func() any {
		fset := token.NewFileSet()
		var out []rewrite.Exec
		for _, name := range names {
			sources := parseGoFiles(ctx, fset, dir, files, name+"(")
			pkg := newGoNames(sources)
			for _, s := range sources {
				out = append(out, pkg.wrapperCalls(fset, s.name, s.f, func(call *ast.CallExpr) (string, goWrapper, bool) {
					sel, ok := call.Fun.(*ast.SelectorExpr)
					if !ok || "."+sel.Sel.Name != name {
						return "", goWrapper{}, false
					}
					return "the method " + sel.Sel.Name, methods[name], true
				})...)
			}
		}
		return slices.DeleteFunc(out, func(e rewrite.Exec) bool { return strings.ContainsAny(e.Name, ": =") })
	}).([]rewrite.Exec)
}

// goFilesIn are the Go files of a context folder, tests left out.
func goFilesIn(ctx *buildctx.Context, dir string) []string {
	entries, _ := ctx.ReadDir(dir)
	var files []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, name)
		}
	}
	return files
}

// parseGoFiles parses the files of a package folder that hold want in
// their text ("" for all of them).
func parseGoFiles(ctx *buildctx.Context, fset *token.FileSet, dir string, files []string, want string) []goSource {
	var sources []goSource
	for _, name := range files {
		p := path.Join(dir, name)
		src, err := ctx.ReadFile(p)
		if err != nil || want != "" && !bytes.Contains(src, []byte(want)) {
			continue
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		sources = append(sources, goSource{p, f, runsPrograms(src)})
	}
	return sources
}

// goSource is a parsed file of a package, and whether it may import a
// runner.
type goSource struct {
	name string
	f    *ast.File
	runs bool
}

// goWrapper is a function that hands its parameter param on to a runner
// as the program's name or, with script, as the script of sh -c; with
// vector, the parameter is a command line as a slice whose first element
// is the program (func run(argv ...string) runs argv[0]), and with
// variadic too its callers may give the elements one by one.
type goWrapper struct {
	param                            int
	script, method, vector, variadic bool
	runner                           string // os/exec's Command, ...: for messages
}

// paramIndex is the place of a function's parameter called name among
// its parameters (-1 when it has none by that name), and whether it is
// the variadic one.
func paramIndex(fd *ast.FuncDecl, name string) (int, bool) {
	i := 0
	for _, field := range fd.Type.Params.List {
		_, variadic := field.Type.(*ast.Ellipsis)
		for _, id := range field.Names {
			if id.Name == name {
				return i, variadic
			}
			i++
		}
	}
	return -1, false
}

// eachCall calls fn for every call of a file, with the function
// declaration it is in (nil at the top level) and the literals that
// function gives its names (read once per function: the wrappers' calls
// are read again for each round that finds more wrappers).
func (g *goNames) eachCall(f *ast.File, fn func(call *ast.CallExpr, fd *ast.FuncDecl, scope map[string][]string)) {
	for _, decl := range f.Decls {
		fd, _ := decl.(*ast.FuncDecl)
		var scope map[string][]string
		if fd != nil && fd.Body != nil {
			var ok bool
			if scope, ok = g.scopes[fd]; !ok {
				scope = assignedLiterals(fd.Body, g.consts)
				if g.scopes == nil {
					g.scopes = map[*ast.FuncDecl]map[string][]string{}
				}
				g.scopes[fd] = scope
			}
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				fn(call, fd, scope)
			}
			return true
		})
	}
}

// goRunners are the packages whose functions run a program, by import
// path: for each function, the place of the program's name among its
// arguments, or -1 when it takes a command line (bitfield/script's
// Exec splits one as a shell would, quotes and all).
var goRunners = map[string]map[string]int{
	"os/exec": {"Command": 0, "LookPath": 0, "CommandContext": 1},
	// os/exec's drop-in that refuses programs found in the working
	// folder (Go's 2021 fix), and the GitHub CLI's LookPath, which
	// programs call before exec.Command(path, ...).
	"golang.org/x/sys/execabs": {"Command": 0, "LookPath": 0, "CommandContext": 1},
	"github.com/cli/safeexec":  {"LookPath": 0},
	// The process becomes the program: syscall.Exec("/usr/bin/tmux", argv, env).
	"syscall":                      {"Exec": 0},
	"golang.org/x/sys/unix":        {"Exec": 0},
	"github.com/go-cmd/cmd":        {"NewCmd": 0, "NewCmdOptions": 1},
	"github.com/codeskyblue/go-sh": {"Command": 0},
	"github.com/bitfield/script":   {"Exec": -1, "ExecForEach": -1},
}

// runsPrograms tells whether a Go file may import one of goRunners (a
// look at its text, before it is parsed).
func runsPrograms(src []byte) bool {
	for imp := range goRunners {
		if bytes.Contains(src, []byte(`"`+imp+`"`)) {
			return true
		}
	}
	return false
}

// goRunsPrograms tells whether a package's imports run programs.
func goRunsPrograms(imports []string) bool {
	return slices.ContainsFunc(imports, func(imp string) bool { _, ok := goRunners[imp]; return ok })
}

// execCalls finds the calls of one parsed Go file that run programs
// (goRunners), and records the functions that hand a parameter on to
// one (g.wrappers).
func (g *goNames) execCalls(fset *token.FileSet, file string, f *ast.File) []rewrite.Exec {
	runners := map[string]map[string]int{} // by the name the file gives the package
	for _, imp := range f.Imports {
		importPath, _ := strconv.Unquote(imp.Path.Value)
		funcs, ok := goRunners[importPath]
		if !ok {
			continue
		}
		name := path.Base(importPath)
		if importPath == "github.com/codeskyblue/go-sh" {
			name = "sh" // its package clause
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" && name != "." {
			runners[name] = funcs
		}
	}
	if len(runners) == 0 {
		return nil
	}
	var out []rewrite.Exec
	locals := singleAssignments(f)
	g.eachCall(f, func(call *ast.CallExpr, fd *ast.FuncDecl, scope map[string][]string) {
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return
		}
		pkgName := id.Name
		first, ok := runners[pkgName][sel.Sel.Name]
		if !ok {
			return
		}
		runner := pkgName + "." + sel.Sel.Name
		where := runner + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line)
		if first >= 0 {
			out = append(out, g.callPrograms(call, fd, scope, locals, goWrapper{param: first, runner: runner}, where)...)
		} else if len(call.Args) > 0 {
			// A command line.
			if line := commandText(call.Args[0], g.consts, locals); line != "" {
				out = append(out, shellPrograms(line, where)...)
			}
		}
	})
	return out
}

// callPrograms are the programs a call runs that gives a runner, or a
// wrapper of one (w says which argument is what), a program, a script
// or a command line; fd, the function the call is in, becomes a wrapper
// when what it gives comes from its parameters.
func (g *goNames) callPrograms(call *ast.CallExpr, fd *ast.FuncDecl, scope map[string][]string, locals map[string]ast.Expr, w goWrapper, where string) []rewrite.Exec {
	if w.param >= len(call.Args) {
		return nil
	}
	arg := call.Args[w.param]
	if w.script {
		g.noteParam(fd, arg, goWrapper{script: true, runner: w.runner})
		if script := commandText(arg, g.consts, locals); script != "" {
			return shellPrograms(script, where)
		}
		return nil
	}
	var programs, rest []string
	var scriptArg ast.Expr
	if w.vector && (!w.variadic || call.Ellipsis.IsValid()) {
		// The command line as one slice: run([]string{"git", "pull"}),
		// run(append([]string{name}, args...)), run(argv...).
		if first := firstElement(arg); first != nil {
			g.noteParam(fd, first, goWrapper{runner: w.runner})
		} else {
			g.noteParam(fd, arg, goWrapper{vector: true, runner: w.runner})
		}
		programs = withoutWindows(g.firstNames(arg, scope))
		if lit, ok := arg.(*ast.CompositeLit); ok && len(lit.Elts) > 0 {
			rest = literalArgs(lit.Elts[1:], g.consts, locals)
		}
	} else {
		// The program, then its arguments: exec.Command("git", "pull"),
		// run("git", "pull") of func run(argv ...string).
		g.noteWrapper(fd, arg, w.runner)
		programs = g.programNames(arg, scope)
		rest = literalArgs(call.Args[w.param+1:], g.consts, locals)
		if i := w.param + 2; i < len(call.Args) {
			scriptArg = call.Args[i]
		}
	}
	var out []rewrite.Exec
	for _, program := range programs {
		out = append(out, rewrite.Exec{Name: program, Args: rest, Why: where})
	}
	if !slices.ContainsFunc(programs, shell.IsShell) || len(rest) == 0 || !isCommandFlag(rest[0]) {
		return out
	}
	script := ""
	if len(rest) >= 2 {
		script = rest[1]
	} else if scriptArg != nil {
		// "git pull " + dir, fmt.Sprintf("git -C %s pull", dir)
		script = commandText(scriptArg, g.consts, locals)
		g.noteParam(fd, scriptArg, goWrapper{script: true, runner: w.runner})
	}
	if script != "" {
		out = append(out, shellPrograms(script, where+", in its shell script")...)
	}
	return out
}

// noteWrapper records fd as a wrapper when arg, a runner's program, is
// one of its parameters, or the first element of one
// (exec.Command(argv[0], argv[1:]...)).
func (g *goNames) noteWrapper(fd *ast.FuncDecl, arg ast.Expr, runner string) {
	if ix, ok := arg.(*ast.IndexExpr); ok && isZero(ix.Index) {
		g.noteParam(fd, ix.X, goWrapper{vector: true, runner: runner})
		return
	}
	g.noteParam(fd, arg, goWrapper{runner: runner})
}

// noteParam records fd as the wrapper w when arg is one of its
// parameters, unless fd is a wrapper already.
func (g *goNames) noteParam(fd *ast.FuncDecl, arg ast.Expr, w goWrapper) {
	id, ok := arg.(*ast.Ident)
	if !ok || fd == nil {
		return
	}
	if _, known := g.wrappers[fd.Name.Name]; known {
		return
	}
	i, variadic := paramIndex(fd, id.Name)
	if i < 0 || variadic && !w.vector {
		return
	}
	w.param, w.variadic, w.method = i, variadic, fd.Recv != nil
	g.wrappers[fd.Name.Name] = w
}

// isZero tells whether an index is the literal 0.
func isZero(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.INT && lit.Value == "0"
}

// wrapperCalls finds the calls of one parsed Go file to wrappers that
// name a program or a script: wrapper tells which calls are theirs, with
// the name called for messages. A function that hands its own parameter
// on to a wrapper becomes one too (func quiet(name string) error {
// return run(name) }), for the calls the next reading finds.
func (g *goNames) wrapperCalls(fset *token.FileSet, file string, f *ast.File, wrapper func(*ast.CallExpr) (string, goWrapper, bool)) []rewrite.Exec {
	var out []rewrite.Exec
	locals := singleAssignments(f)
	g.eachCall(f, func(call *ast.CallExpr, fd *ast.FuncDecl, scope map[string][]string) {
		if name, w, ok := wrapper(call); ok {
			where := name + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line) + ", which hands it to " + w.runner
			out = append(out, g.callPrograms(call, fd, scope, locals, w, where)...)
		}
	})
	return out
}

// ownWrapper tells whether a call is to one of the package's own
// wrappers (run("git", "pull"), g.sh("git fetch")).
func (g *goNames) ownWrapper(call *ast.CallExpr) (string, goWrapper, bool) {
	var name string
	method := false
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		name = fun.Name
	case *ast.SelectorExpr:
		name, method = fun.Sel.Name, true
	}
	w, ok := g.wrappers[name]
	return name, w, ok && w.method == method
}

// singleAssignments are the names a file gives a value once and only
// once (script := fmt.Sprintf(...)), with that value: a command line
// built before the call that runs it.
func singleAssignments(f *ast.File) map[string]ast.Expr {
	values := map[string]ast.Expr{}
	count := map[string]int{}
	set := func(name *ast.Ident, value ast.Expr) {
		count[name.Name]++
		values[name.Name] = value
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok {
					var value ast.Expr
					if len(n.Rhs) == len(n.Lhs) && n.Tok != token.ADD_ASSIGN {
						value = n.Rhs[i]
					}
					set(id, value)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				var value ast.Expr
				if len(n.Values) == len(n.Names) {
					value = n.Values[i]
				}
				set(id, value)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					set(id, nil)
				}
			}
		}
		return true
	})
	for name, n := range count {
		if n != 1 || values[name] == nil {
			delete(values, name)
		}
	}
	return values
}

// commandText is a command line the code builds from string literals
// (with + or fmt.Sprintf, maybe first given a name of its own), each
// part it computes an unknown shell word; "" when it starts with none.
func commandText(e ast.Expr, consts map[string]string, locals map[string]ast.Expr) string {
	var b strings.Builder
	depth := 0
	var walk func(e ast.Expr, first bool) bool
	walk = func(e ast.Expr, first bool) bool {
		switch e := e.(type) {
		case *ast.BasicLit:
			if v, err := strconv.Unquote(e.Value); e.Kind == token.STRING && err == nil {
				b.WriteString(v)
				return true
			}
		case *ast.Ident:
			if v, ok := consts[e.Name]; ok {
				b.WriteString(v)
				return true
			}
			if v, ok := locals[e.Name]; ok && depth < 4 {
				depth++
				defer func() { depth-- }()
				return walk(v, first)
			}
		case *ast.ParenExpr:
			return walk(e.X, first)
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				return walk(e.X, first) && walk(e.Y, false)
			}
		case *ast.CallExpr:
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(e.Args) > 0 {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "fmt" {
					format := commandText(e.Args[0], consts, locals)
					if format == "" {
						break
					}
					arg, aligned := 1, true
					b.WriteString(formatVerbs().ReplaceAllStringFunc(format, func(v string) string {
						if v == "%%" {
							return "%"
						}
						// %s or %v of a constant or a literal is its text
						// (fmt.Sprintf("%s -C %s pull", gitBin, dir)).
						aligned = aligned && !strings.Contains(v, "*")
						k := arg
						arg++
						if (v == "%s" || v == "%v") && aligned && k < len(e.Args) {
							if text := commandText(e.Args[k], consts, locals); text != "" && !strings.Contains(text, `"$v"`) {
								return text
							}
						}
						return `"$v"`
					}))
					return true
				}
			}
		}
		if first {
			return false
		}
		b.WriteString(`"$v"`)
		return true
	}
	if !walk(e, true) {
		return ""
	}
	return b.String()
}

// formatVerbs are fmt's verbs with their flags, width and precision.
var formatVerbs = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`%%|%[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[a-zA-Z]`)
})

// literalArgs are the arguments after a program's name as far as they
// are literals: literals' words, none when the first is not.
func literalArgs(args []ast.Expr, consts map[string]string, locals map[string]ast.Expr) []string {
	rest := literals(args, consts, locals)
	if len(rest) > 0 && rest[0] == "" {
		return nil
	}
	return rest
}

// literals are the leading arguments that are string literals, or
// constants of the package given by one (const gitBin = "git"), or names
// the file gives one once (bin := "git"), as their values; it stops at
// the first that is not ("" when the first is not).
func literals(args []ast.Expr, consts map[string]string, locals map[string]ast.Expr) []string {
	var out []string
	for _, a := range args {
		if id, ok := a.(*ast.Ident); ok {
			if v, ok := consts[id.Name]; ok {
				out = append(out, v)
				continue
			}
			if v, ok := locals[id.Name].(*ast.BasicLit); ok {
				a = v // bin := "ffmpeg"
			}
		}
		lit, ok := a.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			if len(out) == 0 {
				out = append(out, "")
			}
			return out
		}
		v, err := strconv.Unquote(lit.Value)
		if err != nil {
			return append(out, "")
		}
		out = append(out, v)
	}
	return out
}
