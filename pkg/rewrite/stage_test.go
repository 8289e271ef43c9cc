package rewrite

import (
	"slices"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestStageState(t *testing.T) {
	// an image family of the test's own, for the base image's environment
	RegisterImages(ImageFamily{Repo: "testlang", Describe: func(img *Image) {
		img.Known = true
		img.Env["GOPATH"] = "/go"
		img.Workdir = "/go"
	}})
	src := `ARG V=1.22
ARG NODEF
FROM testlang:${V}
ENV A=a
ARG A=ignored
ARG B=$A-b
ARG V
ARG NODEF
ENV C=$B/c D=$C
WORKDIR rel
WORKDIR /abs/$A
RUN true
ENV A=z
`
	doc, err := dockerfile.Parse("x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	st := NewStage(doc)
	if st.Base != "testlang:1.22" || !st.BaseKnown || st.BaseImage.Family != "testlang" {
		t.Fatalf("base %q %v", st.Base, st.BaseKnown)
	}
	run := st.Before[8] // RUN true
	for name, want := range map[string]string{"A": "a", "B": "a-b", "V": "1.22", "C": "a-b/c", "GOPATH": "/go"} {
		if got, set, known := run.Get(name); got != want || !known || (want != "" && !set) {
			t.Errorf("%s = %q (set %v, known %v), want %q", name, got, set, known, want)
		}
	}
	if _, set, known := run.Get("NODEF"); !set || known {
		t.Errorf("an ARG without default must be set and unknown")
	}
	// $C is not set before its own ENV line: BuildKit makes it empty, but an
	// unset name may come from an image msrewrite does not know, so D is unknown.
	if _, set, known := run.Get("D"); !set || known {
		t.Errorf("D must be set and unknown")
	}
	if run.Workdir != "/abs/a" {
		t.Errorf("workdir %q", run.Workdir)
	}
	if st.Before[1].Workdir != "/go" || st.Before[7].Workdir != "/go/rel" {
		t.Errorf("workdirs %q %q", st.Before[1].Workdir, st.Before[7].Workdir)
	}
	if v, _, _ := st.Final.Get("A"); v != "z" {
		t.Errorf("final A = %q", v)
	}
	if st.Before[2].Arg("B") != nil || st.Final.Arg("B") == nil {
		t.Error("ARG B is declared from its line on")
	}
}

// The fast paths of Expand and Refs must agree with BuildKit's lexer.
func FuzzPlainWords(f *testing.F) {
	for _, w := range []string{"/app", "a b\tc", "{x}", "~/bin", "a\\b", "`x`", "a=b,c", "*.go", "[a-z]", "#x", "!", "%d", "é ü", "a`b", ""} {
		f.Add(w, false)
		f.Add(w, true)
	}
	stages := map[bool]*Stage{}
	for _, backtick := range []bool{false, true} {
		src := "FROM scratch\n"
		if backtick {
			src = "# escape=`\n" + src
		}
		doc, err := dockerfile.Parse("Dockerfile", []byte(src))
		if err != nil {
			f.Fatal(err)
		}
		stages[backtick] = NewStage(doc)
	}
	f.Fuzz(func(t *testing.T, word string, backtick bool) {
		st := stages[backtick]
		res, err := st.lex.ProcessWordWithMatches(word, mapGetter{})
		if st.plain(word) && (err != nil || res.Result != word || len(res.Matched)+len(res.Unmatched) > 0) {
			t.Fatalf("%q is plain, but the lexer gives %q, %v, %v", word, res.Result, res.Unmatched, err)
		}
		if err == nil && len(res.Unmatched) > 0 && st.Refs(word) == nil {
			t.Fatalf("%q refers to %v, Refs says none", word, res.Unmatched)
		}
	})
}

func TestStripQuotes(t *testing.T) {
	for _, tt := range []struct {
		in     string
		escape rune
		want   string
	}{
		{"go build", '\\', "go build"},
		{`"go" b\uild 'x'`, '\\', "go build x"},
		{"g`o b\\uild", '`', "go build"},
		{"é \"ü\" 日本", '\\', "é ü 日本"},
		{"", '\\', ""},
	} {
		if got := stripQuotes(tt.in, tt.escape); got != tt.want {
			t.Errorf("stripQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMadeDirs: a mode is not a folder, and relative names are resolved
// in the call's folder.
func TestMadeDirs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		dirs []string
		mode string
	}{
		{[]string{"mkdir", "-p", "data", "/var/lib/app"}, []string{"/src/data", "/var/lib/app"}, ""},
		{[]string{"mkdir", "-p", "-m", "1777", "/cache"}, []string{"/cache"}, "1777"},
		{[]string{"mkdir", "-m700", "--", "/keys"}, []string{"/keys"}, "700"},
		{[]string{"mkdir", "--mode=755", "/srv"}, []string{"/srv"}, "755"},
	} {
		known := make([]bool, len(tc.args))
		for i := range known {
			known[i] = true
		}
		dirs, mode := MadeDirs(shell.Call{Args: tc.args, Known: known, Dir: "/src"})
		if !slices.Equal(dirs, tc.dirs) || mode != tc.mode {
			t.Errorf("%q: %q %q, want %q %q", tc.args, dirs, mode, tc.dirs, tc.mode)
		}
	}
}

// TestLookupHome holds the shell reader's HOME to Docker's: root's /root
// unless the state runs as a user with a home, and an ENV's over both.
func TestLookupHome(t *testing.T) {
	for _, tc := range []struct{ src, home, want string }{
		{"FROM scratch\n", "", "/root"},
		{"FROM scratch\n", "/home/nonroot", "/home/nonroot"},
		{"FROM scratch\nENV HOME=/srv\n", "/home/nonroot", "/srv"},
	} {
		doc, err := dockerfile.Parse("x", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		final := NewStage(doc).Final
		final.Home = tc.home
		if got, set, known := final.Lookup("HOME"); got != tc.want || !set || !known {
			t.Errorf("%q with Home %q: HOME = %q (set %v, known %v), want %q", tc.src, tc.home, got, set, known, tc.want)
		}
	}
}
