package transforms

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
