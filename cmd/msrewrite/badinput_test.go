package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestBadInput is the bad-input table: each input gets a clear message
// naming the file (and the line where there is one), the right exit code,
// nothing on stdout, and the file itself untouched, with or without -w.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	put := func(name string, content []byte, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	loop := filepath.Join(dir, "loop")
	os.Symlink(loop, loop)
	big := bytes.Repeat([]byte("# a comment line that repeats until the file is larger than the limit\n"), 50<<20/70+1)
	cases := []struct {
		name, path string
		args       []string
		code       int
		msg        string // what stderr must contain, after the file name
	}{
		{"empty file", put("empty", nil, 0o644), nil, 2, ": file with no instructions"},
		{"whitespace only", put("ws", []byte(" \n\t\n\n"), 0o644), nil, 2, ": file with no instructions"},
		{"comments only", put("comments", []byte("# a\n# b\n"), 0o644), nil, 2, ": file with no instructions"},
		{"NUL bytes", put("nul", []byte("FROM a\nRUN b\x00c\n"), 0o644), nil, 2, ":2: binary data (NUL byte)"},
		{"invalid UTF-8", put("utf8", []byte("FROM a\n\nRUN \xfe\xff\n"), 0o644), nil, 2, ":3: invalid UTF-8"},
		{"70 000-byte line", put("long", []byte("FROM a\nRUN echo "+strings.Repeat("x", 70000)+"\n"), 0o644), nil, 2, ":2: line is 70009 bytes"},
		{"50 MB file", put("big", big, 0o644), nil, 2, ": larger than the 10485760-byte limit"},
		{"unterminated heredoc", put("heredoc", []byte("FROM a\nRUN <<EOF\necho\n"), 0o644), nil, 2, ":2: unterminated heredoc"},
		{"unknown instruction", put("unknown", []byte("FROM a\nBUILD it\n"), 0o644), nil, 2, ":2: unknown instruction: BUILD"},
		{"no FROM", put("nofrom", []byte("RUN make\n"), 0o644), nil, 2, ":1: no build stage in current context"},
		{"invalid JSON in exec form", put("json", []byte("FROM golang:1.22\nRUN go build -o /app .\nCMD [\"/app\",\n"), 0o644), nil, 0, ":3: not rewritten: CMD starts like the exec form but is not valid JSON"},
		{"missing file", filepath.Join(dir, "missing"), nil, 2, ": no such file or directory"},
		{"symlink loop", loop, nil, 2, ": too many levels of symbolic links"},
		{"-w on a read-only file", put("ro", []byte(single), 0o444), []string{"-w"}, 2, ": file is read-only"},
	}
	if testing.Verbose() {
		fmt.Println("bad input                  | exit | message")
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.path)
			out, errText, code := runIn("", append(tc.args, tc.path)...)
			if code != tc.code || !strings.HasPrefix(errText, tc.path) || !strings.Contains(errText, tc.path+tc.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errText, tc.code, tc.path+tc.msg)
			}
			if tc.code == 2 && out != "" {
				t.Errorf("wrote %d bytes to stdout", len(out))
			}
			if after, _ := os.ReadFile(tc.path); !bytes.Equal(before, after) {
				t.Error("the file changed")
			}
			if testing.Verbose() {
				fmt.Printf("%-26s | %d    | %s", tc.name, code, strings.ReplaceAll(errText, dir+"/", ""))
			}
		})
	}
	if len(cases) < 14 {
		t.Fatal("cases lost")
	}
}

// TestUnreadableFile needs a user that permissions apply to.
func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file; the symlink-loop case covers an unopenable file")
	}
	f := writeTemp(t, "Dockerfile", single, 0o000)
	_, errText, code := runIn("", f)
	if code != 2 || !strings.Contains(errText, f+": permission denied") {
		t.Errorf("exit %d, %q", code, errText)
	}
}

// TestWriteOnFullDisk rewrites a file on a tmpfs that has no room left: the
// error is clear, the file is as it was, and no temporary file remains.
func TestWriteOnFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	defer syscall.Unmount(dir, 0)
	f := filepath.Join(dir, "Dockerfile")
	if err := os.WriteFile(f, []byte(single), 0o644); err != nil {
		t.Fatal(err)
	}
	// Fill the rest of the disk.
	filler, _ := os.Create(filepath.Join(dir, "filler"))
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	_, errText, code := runIn("", "-w", f)
	if code != 2 || !strings.Contains(errText, f+": ") || !strings.Contains(errText, "no space left on device") {
		t.Errorf("exit %d, %q", code, errText)
	}
	if got, _ := os.ReadFile(f); string(got) != single {
		t.Error("the file changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left a temporary file: %v", entries)
	}
}

// TestManyFilesOneBroken: the good files are still rewritten; exit 2.
func TestManyFilesOneBroken(t *testing.T) {
	root := mkTree(t, map[string]string{"a/Dockerfile": single, "b/Dockerfile": "FROM a\nRUN <<EOF\n", "c/Dockerfile": single})
	_, errText, code := runIn("", "-w", root)
	if code != 2 || !strings.Contains(errText, filepath.Join(root, "b/Dockerfile")+":2: unterminated heredoc") {
		t.Errorf("exit %d, %q", code, errText)
	}
	for _, f := range []string{"a/Dockerfile", "c/Dockerfile"} {
		if got, _ := os.ReadFile(filepath.Join(root, f)); !strings.Contains(string(got), "AS compiler") {
			t.Errorf("%s was not rewritten", f)
		}
	}
}
