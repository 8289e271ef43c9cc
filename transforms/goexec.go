package transforms

import (
	"bytes"
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
		var runs goRuns
		for _, s := range sources {
			if s.runs {
				runs.execs = append(runs.execs, pkg.execCalls(fset, s.name, s.f)...)
			}
		}
		if len(pkg.wrappers) > 0 {
			for _, s := range sources {
				runs.execs = append(runs.execs, pkg.wrapperCalls(fset, s.name, s.f, pkg.ownWrapper)...)
			}
		}
		for name, w := range pkg.wrappers {
			if !w.method && ast.IsExported(name) {
				if runs.exported == nil {
					runs.exported = map[string]goWrapper{}
				}
				runs.exported[name] = w
			}
		}
		return runs
	}).(goRuns)
}

// goRuns is what goExecs reads of a package: the programs it runs, and
// its exported functions that hand a parameter on to a runner, which
// other packages of the module call (shell.Run("git", "pull")).
type goRuns struct {
	execs    []rewrite.Exec
	exported map[string]goWrapper
}

// goImporterKey memoizes the programs a package runs through another's
// wrappers.
type goImporterKey struct{ dir, importPath string }

// goImportedWrapperCalls are the programs the files of the package in
// dir run through the exported wrappers of the package it imports as
// importPath: shell.Run("git", "pull").
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
// as the program's name or, with script, as the script of sh -c.
type goWrapper struct {
	param          int
	script, method bool
	runner         string // os/exec's Command, ...: for messages
}

// paramIndex is the place of a function's parameter called name among
// its parameters, or -1.
func paramIndex(fd *ast.FuncDecl, name string) int {
	i := 0
	for _, field := range fd.Type.Params.List {
		if _, variadic := field.Type.(*ast.Ellipsis); variadic {
			return -1
		}
		for _, id := range field.Names {
			if id.Name == name {
				return i
			}
			i++
		}
	}
	return -1
}

// eachCall calls fn for every call of a file, with the function
// declaration it is in (nil at the top level) and the literals that
// function gives its names.
func eachCall(f *ast.File, consts map[string]string, fn func(call *ast.CallExpr, fd *ast.FuncDecl, scope map[string][]string)) {
	for _, decl := range f.Decls {
		fd, _ := decl.(*ast.FuncDecl)
		var scope map[string][]string
		if fd != nil && fd.Body != nil {
			scope = assignedLiterals(fd.Body, consts)
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
	"os/exec":                      {"Command": 0, "LookPath": 0, "CommandContext": 1},
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
	eachCall(f, g.consts, func(call *ast.CallExpr, fd *ast.FuncDecl, scope map[string][]string) {
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
		where := pkgName + "." + sel.Sel.Name + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line)
		if first < 0 {
			// A command line.
			if len(call.Args) == 0 {
				return
			}
			if line := commandText(call.Args[0], g.consts, locals); line != "" {
				out = append(out, shellPrograms(line, where)...)
			}
			return
		}
		if first >= len(call.Args) {
			return
		}
		runner := pkgName + "." + sel.Sel.Name
		g.noteWrapper(fd, call.Args[first], runner, false)
		names := g.programNames(call.Args[first], scope)
		rest := literalArgs(call.Args[first+1:], g.consts, locals)
		for _, name := range names {
			out = append(out, rewrite.Exec{Name: name, Args: rest, Why: where})
		}
		if !slices.ContainsFunc(names, isShell) || len(rest) == 0 || rest[0] != "-c" {
			return
		}
		script := ""
		if len(rest) >= 2 {
			script = rest[1]
		} else if i := first + 2; i < len(call.Args) {
			// "git pull " + dir, fmt.Sprintf("git -C %s pull", dir)
			script = commandText(call.Args[i], g.consts, locals)
			g.noteWrapper(fd, call.Args[i], runner, true)
		}
		if script != "" {
			out = append(out, shellPrograms(script, where+", in its shell script")...)
		}
	})
	return out
}

// noteWrapper records fd as a wrapper when arg, a runner's program or
// script, is one of its parameters.
func (g *goNames) noteWrapper(fd *ast.FuncDecl, arg ast.Expr, runner string, script bool) {
	id, ok := arg.(*ast.Ident)
	if !ok || fd == nil {
		return
	}
	if i := paramIndex(fd, id.Name); i >= 0 {
		g.wrappers[fd.Name.Name] = goWrapper{param: i, script: script, method: fd.Recv != nil, runner: runner}
	}
}

// wrapperCalls finds the calls of one parsed Go file to wrappers that
// name a program or a script: wrapper tells which calls are theirs, with
// the name called for messages.
func (g *goNames) wrapperCalls(fset *token.FileSet, file string, f *ast.File, wrapper func(*ast.CallExpr) (string, goWrapper, bool)) []rewrite.Exec {
	var out []rewrite.Exec
	locals := singleAssignments(f)
	eachCall(f, g.consts, func(call *ast.CallExpr, _ *ast.FuncDecl, scope map[string][]string) {
		name, w, ok := wrapper(call)
		if !ok || w.param >= len(call.Args) {
			return
		}
		where := name + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line) + ", which hands it to " + w.runner
		arg := call.Args[w.param]
		if w.script {
			if script := commandText(arg, g.consts, locals); script != "" {
				out = append(out, shellPrograms(script, where)...)
			}
			return
		}
		rest := literalArgs(call.Args[w.param+1:], g.consts, locals)
		for _, program := range g.programNames(arg, scope) {
			out = append(out, rewrite.Exec{Name: program, Args: rest, Why: where})
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
					b.WriteString(formatVerbs().ReplaceAllStringFunc(format, func(v string) string {
						if v == "%%" {
							return "%"
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
