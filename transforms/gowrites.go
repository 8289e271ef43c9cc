package transforms

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"

	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// sourceWrite is a file or folder a program of the build context makes
// or writes by a literal absolute path, and where its source says so.
type sourceWrite struct {
	path, call, where string
}

// goWriteCalls are the os functions that make or write what their first
// argument names; os.OpenFile only with a flag that writes.
var goWriteCalls = rewrite.WordSet(`Create WriteFile OpenFile Mkdir MkdirAll`)

// goWriteSkipDirs hold code the program is not: others' modules, and
// test data.
var goWriteSkipDirs = rewrite.WordSet(`vendor testdata node_modules`)

// goWrites lists the literal absolute paths the build context's Go
// sources (tests left out) write with the os package: a program run as
// an unprivileged user could write none of those outside its folders.
// Paths a variable, a flag or the environment gives are not seen.
func goWrites(ctx *buildctx.Context) []sourceWrite {
	if ctx == nil {
		return nil
	}
	var out []sourceWrite
	fset := token.NewFileSet()
	isGo := func(base string) bool { return strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") }
	walkFiles(ctx, goWriteSkipDirs, isGo, func(p string) error {
		src, err := ctx.ReadFile(p)
		if err != nil || !bytes.Contains(src, []byte("os.")) {
			return nil
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !goWriteCalls.Has(sel.Sel.Name) {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "os" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			name, err := strconv.Unquote(lit.Value)
			if err != nil || !path.IsAbs(name) {
				return true // a relative path is under the WORKDIR, the user's
			}
			if sel.Sel.Name == "OpenFile" && (len(call.Args) < 2 || !writeFlags(call.Args[1])) {
				return true
			}
			out = append(out, sourceWrite{path.Clean(name), "os." + sel.Sel.Name, fset.Position(call.Pos()).String()})
			return true
		})
		return nil
	})
	return out
}

// writeFlags tells whether os.OpenFile's flag argument may open for
// writing: anything but os.O_RDONLY may.
func writeFlags(flag ast.Expr) bool {
	sel, ok := flag.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "O_RDONLY" {
		return true
	}
	pkg, ok := sel.X.(*ast.Ident)
	return !ok || pkg.Name != "os"
}
