package transforms

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
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

// goExecs lists the programs the files of one package run, each with
// where; read once per context. A name may be a constant declared in
// another file of the package (const gitBin = "git" in config.go).
func goExecs(ctx *buildctx.Context, dir string, files []string) []rewrite.Exec {
	return ctx.Memo(goExecKey{dir}, func() any {
		type execFile struct {
			name string
			f    *ast.File
		}
		var execs []execFile
		var consts map[string]string
		fset := token.NewFileSet()
		for _, name := range files {
			p := path.Join(dir, name)
			src, err := ctx.ReadFile(p)
			if err != nil {
				continue
			}
			hasExec, hasConst := runsPrograms(src), bytes.Contains(src, []byte("const"))
			if !hasExec && !hasConst {
				continue
			}
			f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			if hasExec {
				execs = append(execs, execFile{p, f})
			}
			for k, v := range stringConsts(f) {
				if consts == nil {
					consts = map[string]string{}
				}
				consts[k] = v
			}
		}
		var out []rewrite.Exec
		for _, e := range execs {
			out = append(out, execCalls(fset, e.name, e.f, consts)...)
		}
		return out
	}).([]rewrite.Exec)
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
// (goRunners), given the string constants of its package.
func execCalls(fset *token.FileSet, file string, f *ast.File, consts map[string]string) []rewrite.Exec {
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
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		pkgName := id.Name
		first, ok := runners[pkgName][sel.Sel.Name]
		if !ok {
			return true
		}
		if first < 0 {
			// A command line.
			if len(call.Args) == 0 {
				return true
			}
			if line := commandText(call.Args[0], consts, locals); line != "" {
				where := pkgName + "." + sel.Sel.Name + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line)
				out = append(out, shellPrograms(line, where)...)
			}
			return true
		}
		args := literals(call.Args[min(first, len(call.Args)):], consts, locals)
		if len(args) == 0 || args[0] == "" {
			return true // a name the code computes: not a literal
		}
		where := pkgName + "." + sel.Sel.Name + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line)
		out = append(out, rewrite.Exec{Name: args[0], Args: args[1:], Why: where})
		if isShell(args[0]) && len(args) >= 2 && args[1] == "-c" {
			script := ""
			if len(args) >= 3 {
				script = args[2]
			} else if i := first + 2; i < len(call.Args) {
				// "git pull " + dir, fmt.Sprintf("git -C %s pull", dir)
				script = commandText(call.Args[i], consts, locals)
			}
			if script != "" {
				out = append(out, shellPrograms(script, where+", in its shell script")...)
			}
		}
		return true
	})
	return out
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

// stringConsts are a file's top-level constants given by one string
// literal each (const gitBin = "git"), by name.
func stringConsts(f *ast.File) map[string]string {
	var out map[string]string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				if v, err := strconv.Unquote(lit.Value); err == nil {
					if out == nil {
						out = map[string]string{}
					}
					out[name.Name] = v
				}
			}
		}
	}
	return out
}
