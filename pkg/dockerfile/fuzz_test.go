package dockerfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/msrewrite/msrewrite/internal/testcorpus"
)

func seeds(f *testing.F) {
	files, _ := testcorpus.BuildKitParserFiles()
	for _, pattern := range []string{"../../testdata/*/*/Dockerfile", "../../testdata/errors/*.Dockerfile", "../../examples/*/Dockerfile"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
}

// FuzzParse: no panic; the document is lossless; every logical byte maps
// back to itself; msrewrite errs exactly when BuildKit does (or on input
// BuildKit would read as something other than text).
func FuzzParse(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Parse("fuzz", src)
		bk := buildkitErr(src)
		if err != nil {
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("an error that is not an *Error: %v", err)
			}
			ownCheck := bytes.IndexByte(src, 0) >= 0 || !utf8.Valid(src) || len(src) > MaxSize
			if bk == nil && !ownCheck {
				t.Fatalf("BuildKit accepts the file, msrewrite says %v", err)
			}
			return
		}
		if bk != nil {
			t.Fatalf("BuildKit says %v, msrewrite accepts the file", bk)
		}
		out, err := doc.Apply(nil)
		if err != nil || !bytes.Equal(out, src) || strings.Join(doc.Lines, "") != string(src) {
			t.Fatal("not lossless")
		}
		for _, in := range doc.Instructions {
			if in.CommentStart > in.Start || in.Start >= in.End || in.End > len(doc.Lines) {
				t.Fatalf("bad line range %d %d %d", in.CommentStart, in.Start, in.End)
			}
			lg := doc.Logical(in)
			for i := 0; i < len(lg.Text); i++ {
				if src[lg.SourceOffset(i)] != lg.Text[i] {
					t.Fatalf("logical byte %d of %q maps to %q", i, lg.Text, src[lg.SourceOffset(i)])
				}
			}
		}
	})
}

func buildkitErr(src []byte) error {
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return err
	}
	stages, _, err := instructions.Parse(res.AST, linter.New(&linter.Config{}))
	_ = stages
	return err
}
