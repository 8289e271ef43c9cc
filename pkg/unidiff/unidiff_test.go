package unidiff

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnifiedByHand(t *testing.T) {
	tests := []struct {
		name, before, after, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"change in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n",
			"--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n"},
		{"insert at the top", "x\n", "new\nx\n", "--- a\n+++ b\n@@ -1 +1,2 @@\n+new\n x\n"},
		{"into an empty file", "", "x\n", "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n"},
		{"everything removed", "x\ny\n", "", "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n"},
		{"append after the last line", "1\n2\n3\n4\n5\n", "1\n2\n3\n4\n5\n6\n",
			"--- a\n+++ b\n@@ -3,3 +3,4 @@\n 3\n 4\n 5\n+6\n"},
		{"no final newline", "a\nb", "a\nc", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"newline added at the end", "a", "a\n", "--- a\n+++ b\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"},
		{"CRLF kept", "a\r\nb\r\n", "a\r\nB\r\n", "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+B\r\n"},
		{"two hunks", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "ONE\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nTWELVE\n",
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+ONE\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+TWELVE\n"},
		{"changes six lines apart share a hunk", "1\n2\n3\n4\n5\n6\n7\n8\n", "ONE\n2\n3\n4\n5\n6\n7\nEIGHT\n",
			"--- a\n+++ b\n@@ -1,8 +1,8 @@\n-1\n+ONE\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+EIGHT\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Unified("a", "b", tt.before, tt.after)); diff != "" {
				t.Errorf("Unified (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAgainstGNU compares with diff -u and patch, the tools that read what
// -d prints, over every before/after pair the project keeps. diff may pick
// another of several equally short alignments, so where the texts differ
// patch must still turn the old file into the new one.
func TestAgainstGNU(t *testing.T) {
	if _, err := exec.LookPath("diff"); err != nil {
		t.Skip("GNU diff not installed")
	}
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("GNU patch not installed")
	}
	pairs, err := filepath.Glob("../../testdata/golden/*/Dockerfile")
	if err != nil || len(pairs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	dir := t.TempDir()
	same, patched := 0, 0
	for _, f := range pairs {
		before, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		after, err := os.ReadFile(f + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2][]byte{{before, after}, {after, before}, {before, append(bytes.TrimRight(after, "\n"), " "...)}} {
			old, new := filepath.Join(dir, "old"), filepath.Join(dir, "new")
			write(t, old, p[0])
			write(t, new, p[1])
			ours := Unified("old", "new", string(p[0]), string(p[1]))
			out, err := exec.Command("diff", "-u", "--label", "old", "--label", "new", old, new).Output()
			var ee *exec.ExitError
			if err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 1) {
				t.Fatalf("diff: %v", err)
			}
			if string(out) == ours {
				same++
				continue
			}
			if ours == "" {
				t.Fatalf("%s: no diff, but diff -u found one:\n%s", f, out)
			}
			cmd := exec.Command("patch", "-s", "-o", filepath.Join(dir, "patched"), old)
			cmd.Stdin = strings.NewReader(ours)
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: patch refused our diff: %v\n%s\n%s", f, err, msg, ours)
			}
			got, err := os.ReadFile(filepath.Join(dir, "patched"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, p[1]) {
				t.Fatalf("%s: patch with our diff gave another file (-want +got):\n%s", f, cmp.Diff(string(p[1]), string(got)))
			}
			patched++
		}
	}
	t.Logf("%d diffs byte-identical to diff -u, %d differing only in alignment and applied by patch", same, patched)
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzUnified(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd")
	f.Add("", "x")
	f.Add("x\r\ny\r\n", "x\r\n")
	f.Fuzz(func(t *testing.T, before, after string) {
		d := Unified("a", "b", before, after)
		if (d == "") != (before == after) {
			t.Fatalf("diff %q for %q -> %q", d, before, after)
		}
		if got := apply(t, before, d); got != after {
			t.Fatalf("applying the diff gave %q, want %q; diff:\n%s", got, after, d)
		}
	})
}

// apply reads a diff the way patch does, to check a diff by what it says
// rather than by how it looks.
func apply(t *testing.T, before, d string) string {
	if d == "" {
		return before
	}
	old := Lines(before)
	lines := Lines(d)[2:]
	var out []string
	pos := 0
	for len(lines) > 0 {
		var a, an, b, bn int
		h := lines[0]
		if _, err := fmt.Sscanf(rangeForm(h), "@@ -%d,%d +%d,%d @@\n", &a, &an, &b, &bn); err != nil {
			t.Fatalf("bad hunk header %q: %v", h, err)
		}
		lines = lines[1:]
		if an > 0 {
			a-- // a range names its first line, an empty one the line before
		}
		if a < pos || a > len(old) {
			t.Fatalf("hunk %q out of order", h)
		}
		out = append(out, old[pos:a]...)
		pos = a
		for len(lines) > 0 && !strings.HasPrefix(lines[0], "@@") {
			mark, l := lines[0][0], lines[0][1:]
			lines = lines[1:]
			if len(lines) > 0 && lines[0] == "\\ No newline at end of file\n" {
				l = strings.TrimSuffix(l, "\n")
				lines = lines[1:]
			}
			if mark != '+' {
				if pos >= len(old) || old[pos] != l {
					t.Fatalf("line %d is not %q", pos+1, l)
				}
				pos++
			}
			if mark != '-' {
				out = append(out, l)
			}
		}
	}
	return strings.Join(append(out, old[pos:]...), "")
}

// rangeForm writes the counts a hunk header leaves out (a count of 1).
func rangeForm(h string) string {
	f := strings.Fields(h)
	for i := 1; i <= 2 && i < len(f); i++ {
		if !strings.Contains(f[i], ",") {
			f[i] += ",1"
		}
	}
	return strings.Join(f, " ") + "\n"
}
