package transforms

import (
	"testing"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestBuildToolCallAndProgramWords(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		known []bool // nil: every word known
		build bool
		words string
	}{
		{[]string{"python", "-m", "pip", "install", "x"}, nil, true, "python -m pip"},
		{[]string{"python3", "-u", "-m", "venv", "/v"}, nil, true, "python3 -m venv"},
		{[]string{"python", "setup.py", "install"}, nil, true, "python setup.py"},
		{[]string{"python", "-m", "nltk.downloader", "punkt"}, nil, false, "python -m nltk.downloader"},
		{[]string{"python", "-c", "import x"}, nil, false, "python -c"},
		{[]string{"python", "-e", "manage.py"}, nil, false, "python -e"},
		{[]string{"node", "-e", "1"}, nil, true, "node -e"},
		{[]string{"python", "-m", "$MOD"}, []bool{true, true, false}, false, "python"},
		{[]string{"python", "-m"}, nil, false, "python"},
		{[]string{"python"}, nil, false, "python"},
		{[]string{"go", "build", "."}, nil, true, "go"},
		{[]string{"python3.12", "-m", "pip", "install", "x"}, nil, true, "python3.12 -m pip"},
		{[]string{"python3.12", "manage.py", "collectstatic"}, nil, false, "python3.12 manage.py"},
	} {
		known := tc.known
		if known == nil {
			known = make([]bool, len(tc.args))
			for i := range known {
				known[i] = true
			}
		}
		c := shell.Call{Args: tc.args, Known: known, Dir: "/"}
		tools := append([]string{"go", "node"}, Python.Tools...)
		if got := buildToolCall(c, tools); got != tc.build {
			t.Errorf("buildToolCall(%q) = %v, want %v", tc.args, got, tc.build)
		}
		if got := programWords(c); got != tc.words {
			t.Errorf("programWords(%q) = %q, want %q", tc.args, got, tc.words)
		}
	}
}

// A program of another toolchain run in the same image is no build tool:
// what it writes may be the program's.
func TestBuildToolCallOfAnotherToolchain(t *testing.T) {
	for _, tc := range []struct {
		tc    rewrite.Toolchain
		args  []string
		build bool
	}{
		{Go, []string{"node", "web/bundle.js"}, false},
		{Go, []string{"npx", "tailwindcss", "-o", "static/app.css"}, false},
		{Go, []string{"python3", "-m", "pip", "install", "x"}, false},
		{Go, []string{"sqlc", "generate"}, true},
		{Node, []string{"go", "build", "./cmd/tool"}, false},
		{Node, []string{"make"}, true}, // native modules' builds
		{Python, []string{"cargo", "install", "x"}, false},
		{Python, []string{"pip3.12", "install", "x"}, true},
		{Python, []string{"pip3.x", "install", "x"}, false},
	} {
		c := shell.Call{Args: tc.args, Known: make([]bool, len(tc.args)), Dir: "/"}
		for i := range c.Known {
			c.Known[i] = true
		}
		if got := buildToolCall(c, buildTools(tc.tc)); got != tc.build {
			t.Errorf("buildToolCall(%q) = %v, want %v", tc.args, got, tc.build)
		}
	}
}

func TestCompilerOutput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"cc", "-shared", "-fPIC", "-o", "libgreet.so", "greet.c"}, "/src/libgreet.so"},
		{[]string{"gcc", "-O2", "-o/usr/local/bin/tool", "tool.c"}, "/usr/local/bin/tool"},
		{[]string{"gcc", "main.c"}, "/src/a.out"},
		{[]string{"cc", "-c", "greet.c"}, ""},
		{[]string{"cc", "-c", "-o", "greet.o", "greet.c"}, ""},
		{[]string{"g++", "-o", "lib.a", "x.o"}, ""},
	} {
		c := shell.Call{Args: tc.args, Known: make([]bool, len(tc.args)), Dir: "/src"}
		if got := compilerOutput(c); got != tc.want {
			t.Errorf("compilerOutput(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestLnOption: an ln option given alone, among other letters or by its
// long name makes a symbolic (or relative) link; a word after -- is a
// file.
func TestLnOption(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"ln", "-s", "/app/bin/server", "/usr/local/bin/"}, true},
		{[]string{"ln", "-sfn", "/app/bin/server", "/usr/local/bin/server"}, true},
		{[]string{"ln", "--symbolic", "--force", "/app/bin/server", "server"}, true},
		{[]string{"ln", "/app/bin/server", "/usr/local/bin/server"}, false},
		{[]string{"ln", "-f", "--", "-s", "x"}, false},
		{[]string{"ln", "--suffix=.s", "a", "b"}, false},
	} {
		c := shell.Call{Args: tc.args, Known: make([]bool, len(tc.args)), Dir: "/src"}
		if got := lnOption(c, 's', "--symbolic"); got != tc.want {
			t.Errorf("lnOption(%q, s) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
