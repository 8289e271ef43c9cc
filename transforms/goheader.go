package transforms

import (
	"go/parser"
	"go/token"
)

// goHeader reads what the Go detector needs of a Go source file: the
// comments above its package clause (build constraints) and its import
// paths as written, quotes included. ok is false when the file does not
// start like Go (package clause, then import declarations).
func goHeader(src []byte) (comments, imports []string, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, nil, false
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if c.Pos() < f.Package {
				comments = append(comments, c.Text)
			}
		}
	}
	for _, imp := range f.Imports {
		imports = append(imports, imp.Path.Value)
	}
	return comments, imports, true
}
