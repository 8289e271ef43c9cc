package transforms

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// The programs a Go package runs: os/exec's Command, CommandContext and
// LookPath with a literal name, and the commands of a literal
// `sh -c SCRIPT`. The golang image has git, curl and bash; alpine has
// none of them, and a program that ignores exec's error does something
// else without a word.

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
			hasExec, hasConst := strings.Contains(string(src), `"os/exec"`), strings.Contains(string(src), "const")
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

// execCalls finds the exec calls of one parsed Go file, given the string
// constants of its package.
func execCalls(fset *token.FileSet, file string, f *ast.File, consts map[string]string) []rewrite.Exec {
	pkgName := ""
	for _, imp := range f.Imports {
		if imp.Path.Value == `"os/exec"` {
			pkgName = "exec"
			if imp.Name != nil {
				pkgName = imp.Name.Name
			}
		}
	}
	if pkgName == "" || pkgName == "_" || pkgName == "." {
		return nil
	}
	var out []rewrite.Exec
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); !ok || id.Name != pkgName {
			return true
		}
		first := 0
		switch sel.Sel.Name {
		case "Command", "LookPath":
		case "CommandContext":
			first = 1
		default:
			return true
		}
		args := literals(call.Args[min(first, len(call.Args)):], consts)
		if len(args) == 0 || args[0] == "" {
			return true // a name the code computes: not a literal
		}
		where := pkgName + "." + sel.Sel.Name + " in " + file + ":" + strconv.Itoa(fset.Position(call.Pos()).Line)
		out = append(out, rewrite.Exec{Name: args[0], Args: args[1:], Why: where})
		if base := path.Base(args[0]); (base == "sh" || base == "bash") && len(args) >= 3 && args[1] == "-c" && args[2] != "" {
			out = append(out, shellPrograms(args[2], where+", in its shell script")...)
		}
		return true
	})
	return out
}

// literals are the leading arguments that are string literals, or
// constants of the package given by one (const gitBin = "git"), as their
// values; it stops at the first that is not ("" when the first is not).
func literals(args []ast.Expr, consts map[string]string) []string {
	var out []string
	for _, a := range args {
		if id, ok := a.(*ast.Ident); ok {
			if v, ok := consts[id.Name]; ok {
				out = append(out, v)
				continue
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
