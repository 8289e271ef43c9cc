package transforms

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path"
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

// goWrites lists the absolute paths the build context's Go sources
// (tests left out) write with the os package, as far as the code spells
// them: a literal, a constant of the package, a name given a value once
// in the file, a concatenation or fmt.Sprintf of those, or a
// filepath.Join of them. Where a part cannot be read, the folder before
// it is what is written in. A program run as an unprivileged user could
// write none of those outside its folders; paths a variable, a flag or
// the environment gives are not seen.
func goWrites(ctx *buildctx.Context) []sourceWrite {
	if ctx == nil {
		return nil
	}
	type source struct {
		path string
		f    *ast.File
	}
	var sources []source
	consts := map[string]map[string]string{} // by folder: a package's constants
	fset := token.NewFileSet()
	isGo := func(base string) bool { return strings.HasSuffix(base, ".go") && !strings.HasSuffix(base, "_test.go") }
	walkFiles(ctx, goWriteSkipDirs, isGo, func(p string) error {
		src, err := ctx.ReadFile(p)
		if err != nil || !bytes.Contains(src, []byte("os.")) && !bytes.Contains(src, []byte("const")) {
			return nil
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		dir := path.Dir(p)
		if consts[dir] == nil {
			consts[dir] = map[string]string{}
		}
		maps.Copy(consts[dir], stringConsts(f))
		if bytes.Contains(src, []byte("os.")) {
			sources = append(sources, source{p, f})
		}
		return nil
	})
	var out []sourceWrite
	for _, s := range sources {
		locals := singleAssignments(s.f)
		ast.Inspect(s.f, func(n ast.Node) bool {
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
			name, _ := goPathText(call.Args[0], consts[path.Dir(s.path)], locals)
			if !path.IsAbs(name) {
				return true // a relative path is under the WORKDIR, the user's
			}
			if sel.Sel.Name == "OpenFile" && (len(call.Args) < 2 || !writeFlags(call.Args[1])) {
				return true
			}
			out = append(out, sourceWrite{path.Clean(name), "os." + sel.Sel.Name, fset.Position(call.Pos()).String()})
			return true
		})
	}
	return out
}

// goPathText is the path an expression gives as far as it can be read
// (commandText's reading, or a filepath.Join or path.Join of such
// parts): where a part cannot be read, the folder before it, and whole
// false; "" when the path's start cannot be read.
func goPathText(e ast.Expr, consts map[string]string, locals map[string]ast.Expr) (p string, whole bool) {
	if call, ok := e.(*ast.CallExpr); ok {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Join" {
			if pkg, ok := sel.X.(*ast.Ident); ok && (pkg.Name == "filepath" || pkg.Name == "path") {
				var parts []string
				for _, arg := range call.Args {
					part, whole := goPathText(arg, consts, locals)
					if part != "" {
						parts = append(parts, part)
					}
					if !whole {
						return path.Join(parts...), false
					}
				}
				return path.Join(parts...), true
			}
		}
	}
	text := commandText(e, consts, locals)
	if known, _, cut := strings.Cut(text, `"$v"`); cut {
		// The folder the unread part is in (/var/log/ of "/var/log/" +
		// name), or the one its name starts in (/var/log of
		// "/var/log/app-" + day).
		return path.Dir(known + "x"), false
	}
	return text, text != ""
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
