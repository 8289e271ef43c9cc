package transforms

import (
	"slices"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/shell"
)

func TestShellCommandString(t *testing.T) {
	for _, tc := range []struct {
		words  []string
		script string
		ok     bool
	}{
		{[]string{"sh", "-c", "git pull"}, "git pull", true},
		{[]string{"bash", "-lc", "git pull && /app"}, "git pull && /app", true},
		{[]string{"/bin/sh", "-e", "-x", "-c", "curl x"}, "curl x", true},
		{[]string{"bash", "-o", "pipefail", "-ec", "make"}, "make", true},
		{[]string{"bash", "--login", "-c", "npm start"}, "npm start", true},
		{[]string{"sh", "-c", "--", "jq ."}, "jq .", true},
		{[]string{"sh", "-e", "run.sh"}, "", false}, // a script file: shellOperand's
		{[]string{"sh", "-c", ""}, "", false},       // a variable
		{[]string{"python", "-c", "print(1)"}, "", false},
		{[]string{"sh", "-c"}, "", false},
	} {
		script, ok := shellCommandString(tc.words)
		if script != tc.script || ok != tc.ok {
			t.Errorf("shellCommandString(%q) = %q, %v; want %q, %v", tc.words, script, ok, tc.script, tc.ok)
		}
	}
}

func TestUserScript(t *testing.T) {
	for _, tc := range []struct {
		words       []string
		script, dir string
		ok          bool
	}{
		{[]string{"su", "app", "-c", "git pull"}, "git pull", "/srv", true},
		{[]string{"su", "-", "app", "-c", "make"}, "make", "", true},
		{[]string{"/bin/su", "-s", "/bin/sh", "app", "--command=curl x"}, "curl x", "/srv", true},
		{[]string{"runuser", "-l", "app", "-c", "npm start"}, "npm start", "", true},
		{[]string{"su", "app", "-c", ""}, "", "", false}, // a variable
		{[]string{"su", "app"}, "", "", false},
		{[]string{"sudo", "-c", "x"}, "", "", false},
	} {
		script, dir, ok := userScript(tc.words, "/srv")
		if script != tc.script || dir != tc.dir || ok != tc.ok {
			t.Errorf("userScript(%q) = %q, %q, %v; want %q, %q, %v", tc.words, script, dir, ok, tc.script, tc.dir, tc.ok)
		}
	}
}

func TestShellOperand(t *testing.T) {
	tests := []struct {
		words  []string
		script string
		ok     bool
	}{
		{[]string{"sh", "entrypoint.sh"}, "entrypoint.sh", true},
		{[]string{"/bin/bash", "-e", "/start.sh", "web"}, "/start.sh", true},
		{[]string{"bash", "-o", "pipefail", "run.sh"}, "run.sh", true},
		{[]string{"bash", "--login", "run.sh"}, "run.sh", true},
		{[]string{"sh", "--", "-odd.sh"}, "-odd.sh", true},
		{[]string{"sh", ""}, "", true}, // a variable: a script, name unknown
		{[]string{"sh", "-c", "echo hi"}, "", false},
		{[]string{"sh", "-ec", "echo hi"}, "", false},
		{[]string{"sh", "-s"}, "", false},
		{[]string{"sh"}, "", false},
		{[]string{"sh", "-x"}, "", false},
		{[]string{"python", "app.py"}, "", false},
	}
	for _, tt := range tests {
		script, ok := shellOperand(tt.words)
		if script != tt.script || ok != tt.ok {
			t.Errorf("shellOperand(%q) = %q, %v; want %q, %v", tt.words, script, ok, tt.script, tt.ok)
		}
	}
}

func TestPosixShell(t *testing.T) {
	for _, c := range []struct {
		shell []string
		want  bool
	}{
		{[]string{"/bin/bash", "-o", "pipefail", "-c"}, true},
		{[]string{"/bin/bash", "-euo", "pipefail", "-c"}, true},
		{[]string{"/bin/sh", "-exc"}, true},
		{[]string{"/bin/ash", "-eo", "pipefail", "-c"}, true},
		{[]string{"/bin/bash", "-lc"}, false},           // a login shell reads the image's profile
		{[]string{"/bin/bash", "--login", "-c"}, false}, // the same
		{[]string{"/bin/bash", "-o", "posix", "-c"}, false},
		{[]string{"/bin/bash", "-c", "-e"}, false}, // -c's script would be "-e"
		{[]string{"/bin/bash"}, false},             // the command line would be a script's path
		{[]string{"/bin/bash", "-o"}, false},
		{[]string{"pwsh", "-Command"}, false},
		{[]string{"/usr/bin/env", "bash", "-c"}, false},
	} {
		if got := posixShell(c.shell); got != c.want {
			t.Errorf("posixShell(%q) = %v, want %v", c.shell, got, c.want)
		}
	}
}

func TestBrokenJSON(t *testing.T) {
	for cmd, want := range map[string]bool{
		`["/app",`:                      true,
		`[ "/app", "-v", ]`:             true,
		`['/app']`:                      true,
		`[]x`:                           true,
		`[ -f /tmp/healthy ] || exit 1`: false,
		`[[ -S /run/app.sock ]]`:        false,
		`./app`:                         false,
	} {
		if got := brokenJSON(cmd); got != want {
			t.Errorf("brokenJSON(%q) = %v, want %v", cmd, got, want)
		}
	}
}

// TestFindCommands: the commands find's actions run.
func TestFindCommands(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  [][]string
	}{
		{[]string{"find", "/repos", "-type", "d", "-exec", "git", "-C", "{}", "pull", ";"}, [][]string{{"git", "-C", "{}", "pull"}}},
		{[]string{"find", ".", "-name", "*.png", "-execdir", "optipng", "{}", "+", "-ok", "rm", "{}", ";"}, [][]string{{"optipng", "{}"}, {"rm", "{}"}}},
		{[]string{"/usr/bin/find", "/data", "-exec", "sh", "-c", "gzip \"$1\"", "_", "{}", ";"}, [][]string{{"sh", "-c", "gzip \"$1\"", "_", "{}"}}},
		{[]string{"find", "/hooks", "-type", "f", "-exec", "{}", ";"}, nil},         // the files found
		{[]string{"find", "/x", "-exec", "", "{}", ";"}, nil},                       // a name the shell computes
		{[]string{"find", "/x", "-exec", "gzip", "{}"}, [][]string{{"gzip", "{}"}}}, // no ; written: still gzip
		{[]string{"find", "/x", "-name", "-exec"}, nil},
		{[]string{"xargs", "-exec", "git"}, nil},
	} {
		if got := findCommands(tc.words); !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("findCommands(%q) = %q, want %q", tc.words, got, tc.want)
		}
	}
}

// TestExecWords: the program exec makes the shell, after bash's options.
func TestExecWords(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
		args bool
	}{
		{`exec /app/server --port 80`, []string{"/app/server", "--port", "80"}, false},
		{`exec -a relay /usr/local/bin/relay`, []string{"/usr/local/bin/relay"}, false},
		{`exec -cl -a app -- node server.js`, []string{"node", "server.js"}, false},
		{`exec "$@"`, nil, true},
		{`exec -a app "$@"`, nil, true},
		{`exec >>/var/log/app.log 2>&1`, []string{"exec"}, false},
		{`git pull`, []string{"git", "pull"}, false},
	} {
		words, args := execWords(parsedCall(t, tc.line, "/"))
		if !slices.Equal(words, tc.want) || args != tc.args {
			t.Errorf("execWords(%s) = %q, %v, want %q, %v", tc.line, words, args, tc.want, tc.args)
		}
	}
}

// TestPrependedCommand: set -- PROGRAM ... "$@" puts a command before
// the script's arguments, which its exec "$@" runs.
func TestPrependedCommand(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{`set -- gosu app /usr/local/bin/server "$@"`, []string{"gosu", "app", "/usr/local/bin/server"}},
		{`set -- node "$@"`, []string{"node"}},
		{`set -- "$@" --verbose`, nil}, // the arguments first
		{`set -- a b c`, nil},          // words to loop over, not before the arguments
		{`set -- $OPTS "$@"`, nil},     // a word the shell computes
		{`set -- --port 80 "$@"`, nil}, // options for the program
		{`set -e`, nil},
	} {
		if got := prependedCommand(parsedCall(t, tc.line, "/")); !slices.Equal(got, tc.want) {
			t.Errorf("prependedCommand(%s) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestRunsOwnArguments: a script runs its arguments as a command with
// exec "$@" or "$@" alone, not when it gives them to a program.
func TestRunsOwnArguments(t *testing.T) {
	for script, want := range map[string]bool{
		"set -- serve \"$@\"\nexec /app/server \"$@\"\n":      false,
		"set -- gosu app \"$@\"\nexec \"$@\"\n":               true,
		"\"$@\" &\nwait $!\n":                                 true,
		"exec -a app \"$@\"\n":                                true,
		"run() { \"$@\"; }\nrun git pull\nexec /app/server\n": false,
		"exec /usr/local/bin/wait-for db:5432 -- \"$@\"\n":    false,
	} {
		calls, err := shell.Calls(script, shell.State{Dir: "/"})
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.ContainsFunc(calls, runsOwnArguments); got != want {
			t.Errorf("runsOwnArguments(%q) = %v, want %v", script, got, want)
		}
	}
}

// parsedCall is the one call a shell command line makes, run in dir.
func parsedCall(t *testing.T, line, dir string) shell.Call {
	t.Helper()
	calls, err := shell.Calls(line, shell.State{Dir: dir})
	if err != nil || len(calls) != 1 {
		t.Fatalf("%s: %d calls, %v", line, len(calls), err)
	}
	return calls[0]
}
