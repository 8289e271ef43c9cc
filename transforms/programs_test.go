package transforms

import "testing"

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
