package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/internal/golden"
	"github.com/msrewrite/msrewrite/internal/validate"
)

// runTool runs the CLI in-process and returns stdout, stderr with the
// case's folder taken out of file names, and the exit code.
func runTool(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"msrewrite"}, args...), strings.NewReader(""), &stdout, &stderr)
	errText := strings.ReplaceAll(stderr.String(), dir+string(filepath.Separator), "")
	return stdout.String(), errText, code
}

// TestErrors checks each bad input: exit 2, nothing on stdout, and a
// file:line: message on stderr.
func TestErrors(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "errors", "*.Dockerfile"))
	if len(files) < 4 {
		t.Fatalf("want at least 4 error cases, found %d", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			dir := filepath.Dir(f)
			out, errText, code := runTool(t, dir, f)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("wrote %q to stdout", out)
			}
			if !strings.HasPrefix(errText, filepath.Base(f)+":") {
				t.Errorf("message does not start with the file name: %q", errText)
			}
			golden.Check(t, strings.TrimSuffix(f, ".Dockerfile")+".err", errText)
		})
	}
}

// TestExamples checks that each example's committed rewrite is what the
// tool produces today.
func TestExamples(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*"))
	n := 0
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
			continue
		}
		n++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			out, errText, code := runTool(t, dir, filepath.Join(dir, "Dockerfile"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errText)
			}
			golden.Check(t, filepath.Join(dir, "Dockerfile.multistage"), out)
			src, _ := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			if err := validate.Check(src, []byte(out), ""); err != nil {
				t.Errorf("validator: %v", err)
			}
		})
	}
	if n == 0 {
		t.Fatal("no examples found")
	}
}
