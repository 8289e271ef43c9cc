package shell

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// FuzzCalls: no panic on any script, and every offset it reports lies
// inside the script.
func FuzzCalls(f *testing.F) {
	for _, s := range []string{
		"go build -o app .", "cd a && (cd b; go build) || exit 1", "CGO_ENABLED=0 env GOOS=linux go install ./...",
		"if [ -f x ]; then sh -c 'cd /x && make'; fi", "for d in *; do go build ./$d; done", "export A=$(cat f) B; cd \"$A\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		calls, err := Calls(script, State{Dir: "/src", Env: MapLookup(map[string]string{"HOME": "/root"})})
		if err != nil {
			return
		}
		for _, c := range calls {
			if c.Offset < -1 || c.Offset >= len(script) {
				t.Fatalf("offset %d outside the script", c.Offset)
			}
			if len(c.Args) != len(c.Known) {
				t.Fatal("Args and Known differ in length")
			}
		}
	})
}

// FuzzPlainLiteral: the shortcut for plain words gives what mvdan's
// expander gives.
func FuzzPlainLiteral(f *testing.F) {
	for _, s := range []string{"go build -o /app ./cmd/x", "a\\ b c\\$d 'q' \"w\" ~/x x~ *.go {a,b} a=b \\\n c", "echo $HOME ${A:-b} $(x) `y`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		file, err := syntax.NewParser().Parse(strings.NewReader(script), "")
		if err != nil {
			return
		}
		syntax.Walk(file, func(n syntax.Node) bool {
			word, ok := n.(*syntax.Word)
			if !ok {
				return true
			}
			got, ok := plainLiteral(word)
			if !ok {
				return true
			}
			want, err := expand.Literal(&expand.Config{Env: expand.ListEnviron("HOME=/root"), NoUnset: true}, word)
			if err != nil || got != want {
				t.Fatalf("%q: shortcut %q, expander %q (%v)", script, got, want, err)
			}
			return true
		})
	})
}

// FuzzAndThen: no panic, and what AndThen reads is what Calls reads of
// the same script: two calls, each with the words AndThen gives (less
// the leading ones of env A=B, which Calls reads as the environment).
func FuzzAndThen(f *testing.F) {
	for _, s := range []string{"g++ -o m main.cpp && ./m < in > out", "javac Main.java && java Main", "env A=B g++ x && ./m", "a && b && c", "x; y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		first, second, text, _, ok := AndThen(script)
		if !ok {
			return
		}
		if !strings.Contains(script, text) {
			t.Fatalf("%q: second command %q is not in the script", script, text)
		}
		calls, err := Calls(script, State{Dir: "/src"})
		suffix := func(args, words []string) bool {
			return len(args) <= len(words) && strings.Join(args, " ") == strings.Join(words[len(words)-len(args):], " ")
		}
		if err != nil || len(calls) != 2 || !suffix(calls[0].Args, first) || !suffix(calls[1].Args, second) {
			t.Fatalf("%q: AndThen %q, %q; Calls %v (%v)", script, first, second, calls, err)
		}
	})
}
