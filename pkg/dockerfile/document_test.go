package dockerfile

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func TestLosslessRoundTrip(t *testing.T) {
	for _, src := range []string{
		"FROM a\nRUN b\n",
		"FROM a\r\nRUN b \\\r\n  c\r\n",
		"# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN b `\n  c\n",
		"FROM a\nRUN <<EOF\n  body\nEOF\n# tail",
		"\n\n  FROM a   \n\n",
	} {
		doc, err := Parse("x", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		out, err := doc.Apply(nil)
		if err != nil || string(out) != src {
			t.Errorf("round trip of %q gave %q (%v)", src, out, err)
		}
		if got := strings.Join(doc.Lines, ""); got != src {
			t.Errorf("lines of %q join to %q", src, got)
		}
	}
}

func TestInstructionLines(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\n# about a\n# more\nFROM a\n\n# about b\nRUN b \\\n  # inner\n  c\nRUN <<EOF\nx\nEOF\n"
	doc, err := Parse("x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	type span struct {
		Keyword                  string
		CommentStart, Start, End int
	}
	var got []span
	for _, in := range doc.Instructions {
		got = append(got, span{in.Keyword, in.CommentStart, in.Start, in.End})
	}
	want := []span{{"FROM", 1, 3, 4}, {"RUN", 5, 6, 9}, {"RUN", 9, 9, 12}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
	if len(doc.Directives) != 1 || doc.Directives[0].Name != "syntax" {
		t.Errorf("directives: %+v", doc.Directives)
	}
}

func TestLogicalOffsets(t *testing.T) {
	src := "FROM a\nRUN  go \\\n  # comment\n\n    build \\\n  -o x\n"
	doc, err := Parse("x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	lg := doc.Logical(doc.Instructions[1])
	if want := "RUN  go     build   -o x"; lg.Text != want {
		t.Fatalf("logical text %q, want %q", lg.Text, want)
	}
	// Every byte of the logical text maps back to the same byte of the source.
	for i := 0; i < len(lg.Text); i++ {
		if src[lg.SourceOffset(i)] != lg.Text[i] {
			t.Fatalf("byte %d maps to %q", i, src[lg.SourceOffset(i)])
		}
	}
	i := strings.Index(lg.Text, "build")
	out, _ := doc.Apply([]Edit{Insert(lg.SourceOffset(i), "X=1 ")})
	if want := "FROM a\nRUN  go \\\n  # comment\n\n    X=1 build \\\n  -o x\n"; string(out) != want {
		t.Errorf("got %q", out)
	}
}

// TestUnicodeSpace: white space before an instruction or a comment is what
// BuildKit skips there, Unicode's (a no-break space, an ideographic space),
// not only ASCII's.
func TestUnicodeSpace(t *testing.T) {
	src := "FROM a\n\u3000# about the build\n\u00a0RUN go build \\\n\u00a0# a note\n  -o /app .\n"
	doc, err := Parse("x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	run := doc.Instructions[1]
	if run.Keyword != "RUN" || run.CommentStart != 1 {
		t.Errorf("keyword %q, comments from line %d: want RUN, 1", run.Keyword, run.CommentStart)
	}
	if lg := doc.Logical(run); lg.Text != run.Node.Original {
		t.Errorf("logical line %q, BuildKit's %q", lg.Text, run.Node.Original)
	}
	if !IsComment("\u00a0\u2003# x") || IsComment("\u200b# x") { // a zero-width space is no white space
		t.Error("IsComment reads Unicode white space otherwise than BuildKit")
	}
}

func TestEditsOverlap(t *testing.T) {
	doc, _ := Parse("x", []byte("FROM a\nRUN b\n"))
	if _, err := doc.Apply([]Edit{{Off: 0, End: 5}, {Off: 2, End: 3}}); err == nil {
		t.Error("overlapping edits were accepted")
	}
}

func TestErrors(t *testing.T) {
	for src, want := range map[string]string{
		"":                             "x: file with no instructions",
		"FROM a\nRUN <<EOF\nb\n":       "x:2: unterminated heredoc",
		"FROM a\x00":                   "x:1: binary data (NUL byte): not a Dockerfile",
		"FROM a\nRUN \xff\n":           "x:2: invalid UTF-8: not a Dockerfile",
		"FROM a\nBOGUS b\n":            "x:2: unknown instruction: BOGUS",
		strings.Repeat("#", MaxSize+1): "x: larger than the 10485760-byte limit for a Dockerfile",
	} {
		_, err := Parse("x", []byte(src))
		if err == nil || err.Error() != want {
			t.Errorf("%.20q: got %v, want %s", src, err, want)
		}
	}
}

func TestLowercase(t *testing.T) {
	for src, want := range map[string]bool{"FROM a\nRUN b\n": false, "from a\nrun b\n": true, "from a\nRUN b\nrun c\n": true} {
		doc, _ := Parse("x", []byte(src))
		if doc.Lowercase() != want {
			t.Errorf("%q: Lowercase() = %v", src, !want)
		}
	}
}

// The line limit is BuildKit's, to the byte: msrewrite refuses exactly the
// lines BuildKit cannot read, and names the line.
func TestLineLimitMatchesBuildKit(t *testing.T) {
	for _, n := range []int{MaxLine - 1, MaxLine, MaxLine + 1, MaxLine + 2} {
		for _, end := range []string{"\n", ""} {
			src := []byte("FROM a\nRUN " + strings.Repeat("x", n-4) + end)
			_, ours := Parse("x", src)
			_, theirs := parser.Parse(bytes.NewReader(src))
			if (ours == nil) != (theirs == nil) {
				t.Errorf("line of %d bytes%q: msrewrite %v, BuildKit %v", n, end, ours, theirs)
			}
			if ours != nil && !strings.HasPrefix(ours.Error(), "x:2: ") {
				t.Errorf("wrong line: %v", ours)
			}
		}
	}
}

// TestSkipSpaceAsBuildKit holds skipSpace to what BuildKit's parser trims
// before an instruction or a comment (bytes.TrimLeftFunc, unicode.IsSpace).
func TestSkipSpaceAsBuildKit(t *testing.T) {
	for _, s := range []string{"", " ", "\t\r\n\v\f#x", "  RUN x", "x", " \u00a0x", "\f\f", "\u0085\u2000\u3000#", "\u200bx", "\u00a0"} {
		if got, want := skipSpace(s), len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace)); got != want {
			t.Errorf("skipSpace(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestValidStageName(t *testing.T) {
	for name, want := range map[string]bool{
		"compiler": true, "build-1.2_x": true, "a": true,
		"": false, "Build": false, "1build": false, "-x": false, "a b": false, "a/b": false, "bü": false,
	} {
		if got := ValidStageName(name); got != want {
			t.Errorf("ValidStageName(%q) = %v", name, got)
		}
	}
}

// TestCheckComment: BuildKit's instruction reader panics on a `# check=`
// comment above an instruction when it is given no linter.
func TestCheckComment(t *testing.T) {
	src := "# check=skip=all\nFROM a\n# check=skip=JSONArgsRecommended\nCMD x\n"
	doc, err := Parse("Dockerfile", []byte(src))
	if err != nil || len(doc.Instructions) != 2 {
		t.Fatalf("%v", err)
	}
}
