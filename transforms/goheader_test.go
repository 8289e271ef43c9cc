package transforms

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goParserHeader is what go/parser says goHeader should say.
func goParserHeader(src []byte) (comments, imports []string, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.ImportsOnly|parser.ParseComments)
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

func TestGoHeaderByHand(t *testing.T) {
	for _, tt := range []struct {
		src               string
		comments, imports []string
		ok                bool
	}{
		{"package main\n", nil, nil, true},
		{"\uFEFF// a\n/* b\n*/package p; import \"C\"\n", []string{"// a", "/* b\n*/"}, []string{`"C"`}, true},
		{"//go:build cgo\r\n\r\npackage p\r\n\r\nimport (\r\n\t\"fmt\"\r\n\tc `C`\r\n\t. \"x\"; _ \"y\"\r\n)\nfunc f() {}\n", []string{"//go:build cgo"}, []string{`"fmt"`, "`C`", `"x"`, `"y"`}, true},
		{"package p\nimport \"a\"\nimport \"b\"\nvar x = `\nimport \"c\"`\n", nil, []string{`"a"`, `"b"`}, true},
		{"package p\nimport \"a\\\"b\"\n", nil, []string{`"a\"b"`}, true},
		{"package p // after\nimport \"a\"\n", nil, []string{`"a"`}, true},
		{"packag p\n", nil, nil, false},
		{"package\n", nil, nil, false},
		{"package p\nimport \"a\n\"\n", nil, nil, false},
		{"package p\nimport (\n\"a\"\n", nil, nil, false},
		{"/* open\npackage p\n", nil, nil, false},
		{"package p\nimport x\n", nil, nil, false},
	} {
		c, i, ok := goHeader([]byte(tt.src))
		if d := cmp.Diff([]any{tt.comments, tt.imports, tt.ok}, []any{c, i, ok}); d != "" {
			t.Errorf("%q (-want +got):\n%s", tt.src, d)
		}
	}
}

// TestGoHeaderAgainstGoParser compares with go/parser on every Go file of
// the Go distribution that go/parser reads.
func TestGoHeaderAgainstGoParser(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the Go distribution")
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	n := 0
	filepath.WalkDir(filepath.Join(strings.TrimSpace(string(goroot)), "src"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		wc, wi, wok := goParserHeader(src)
		if !wok {
			return nil
		}
		c, i, ok := goHeader(src)
		if d := cmp.Diff([]any{wc, wi, wok}, []any{c, i, ok}); d != "" {
			t.Errorf("%s (-go/parser +goHeader):\n%s", p, d)
		}
		n++
		return nil
	})
	if n < 5000 {
		t.Fatalf("only %d Go files compared", n)
	}
	t.Logf("%d Go files compared", n)
}

func FuzzGoHeader(f *testing.F) {
	f.Add([]byte("package p\nimport \"C\"\n"))
	f.Add([]byte("// +build cgo\n\npackage p\nimport (\n\t\"C\"\n)\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		wc, wi, wok := goParserHeader(src)
		c, i, ok := goHeader(src)
		if !wok {
			return // go/parser refuses it; goHeader may read it leniently
		}
		if d := cmp.Diff([]any{wc, wi, wok}, []any{c, i, ok}); d != "" {
			t.Fatalf("%q (-go/parser +goHeader):\n%s", src, d)
		}
	})
}
