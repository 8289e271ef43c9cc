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
			if len(in.Node.Heredocs) == 0 && lg.Text != in.Node.Original {
				t.Fatalf("logical line %q, BuildKit's %q", lg.Text, in.Node.Original)
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

// continuesByBuildKit tells whether BuildKit joins the line after a RUN
// line ending in tail to it: the oracle for Continues.
func continuesByBuildKit(t *testing.T, escape, tail string) bool {
	t.Helper()
	src := "# escape=" + escape + "\nFROM a\nRUN x" + tail + "\nLABEL k=v\n"
	res, err := parser.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	return len(res.AST.Children) == 2
}

func TestContinues(t *testing.T) {
	for _, c := range []struct {
		escape, tail string
		want         bool
	}{
		{`\`, ` \`, true}, {`\`, ` \ `, true}, {`\`, " \\\t\r", true}, {`\`, `\`, true},
		{`\`, ` \\`, false}, {`\`, ` \\\`, false}, {`\`, ` \ x`, false}, {`\`, ``, false}, {`\`, " `", false},
		{"`", " `", true}, {"`", " ``", false}, {"`", ` \`, false},
	} {
		doc := &Document{Escape: rune(c.escape[0])}
		if got := doc.Continues("RUN x" + c.tail + "\n"); got != c.want {
			t.Errorf("escape %s, RUN x%q: Continues says %v", c.escape, c.tail, got)
		}
		if bk := continuesByBuildKit(t, c.escape, c.tail); bk != c.want {
			t.Errorf("escape %s, RUN x%q: BuildKit says %v, the table %v", c.escape, c.tail, bk, c.want)
		}
	}
}

// FuzzContinues holds Continues to BuildKit's reading of the same line end.
func FuzzContinues(f *testing.F) {
	for _, s := range []string{` \`, ` \\`, "\\ \t", `\\\`, " `"} {
		f.Add(s, s[0]%2 == 0)
	}
	f.Fuzz(func(t *testing.T, tail string, backtick bool) {
		// One line of text; no heredoc, which would make the next line its body.
		if strings.ContainsAny(tail, "\n\r\x00") || strings.Contains(tail, "<<") || !utf8.ValidString(tail) {
			return
		}
		escape := `\`
		if backtick {
			escape = "`"
		}
		doc := &Document{Escape: rune(escape[0])}
		if got, want := doc.Continues("RUN x"+tail), continuesByBuildKit(t, escape, tail); got != want {
			t.Errorf("escape %s, RUN x%q: Continues says %v, BuildKit %v", escape, tail, got, want)
		}
	})
}
