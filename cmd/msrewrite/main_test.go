package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const single = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n"

// goMain is the program `single` builds: with no Go source in its context,
// whether the build needs cgo could not be known.
const goMain = "package main\n\nfunc main() {}\n"

// writeTemp writes a file into a new folder, which is its build context,
// with goMain beside it.
func writeTemp(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(goMain), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runIn(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	code := run(append([]string{"msrewrite"}, args...), strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

func TestStdin(t *testing.T) {
	// Without a name, the build context cannot be seen: left alone.
	out, errText, code := runIn(single)
	if code != 0 || out != single || !strings.Contains(errText, "<standard input>:3: not rewritten: COPY reads the build context, which cannot be seen here") ||
		!strings.Contains(errText, "--context") {
		t.Fatalf("exit %d, output %q, stderr %q", code, out, errText)
	}
	out, _, code = runIn(single, "--context", mkTree(t, map[string]string{"main.go": goMain}))
	if code != 0 || !strings.Contains(out, "FROM alpine:") {
		t.Fatalf("exit %d, output %q", code, out)
	}
	out2, errText, code := runIn(out, "-")
	if code != 0 || out2 != out || !strings.Contains(errText, "<standard input>:6: not rewritten: already multi-stage") {
		t.Errorf("second pass: exit %d, changed %v, stderr %q", code, out2 != out, errText)
	}
}

// TestContextFlag: a --context that is not a folder is an error, not an
// empty context.
func TestContextFlag(t *testing.T) {
	f := writeTemp(t, "Dockerfile", single, 0o644)
	for _, dir := range []string{"/nonexistent", f} {
		out, errText, code := runIn("", "--context", dir, f)
		if code != 2 || out != "" || !strings.HasPrefix(errText, "msrewrite: --context "+dir+": ") {
			t.Errorf("--context %s: exit %d, %q, %q", dir, code, out, errText)
		}
	}
}

func TestDiff(t *testing.T) {
	f := writeTemp(t, "Dockerfile", single, 0o644)
	out, _, code := runIn("", "-d", f)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--- " + f + ".orig", "+++ " + f, "-FROM golang:1.22\n", "+FROM golang:1.22 AS compiler\n", "+FROM alpine:3.23\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	// Nothing to change: an empty diff.
	multi := writeTemp(t, "Dockerfile", "FROM a AS b\nFROM c\n", 0o644)
	if out, _, _ := runIn("", "-d", multi); out != "" {
		t.Errorf("diff of an unchanged file: %q", out)
	}
}

func TestWriteKeepsModeAndLink(t *testing.T) {
	f := writeTemp(t, "Dockerfile", single, 0o640)
	link := filepath.Join(filepath.Dir(f), "link")
	if err := os.Symlink(f, link); err != nil {
		t.Fatal(err)
	}
	out, errText, code := runIn("", "-w", link)
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errText)
	}
	got, _ := os.ReadFile(f)
	if !strings.Contains(string(got), "AS compiler") {
		t.Errorf("target not rewritten:\n%s", got)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced")
	}
	if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(f))
	if len(entries) != 3 { // the file, the link, main.go
		t.Errorf("left files behind: %v", entries)
	}
}

func TestWriteReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write read-only files")
	}
	f := writeTemp(t, "Dockerfile", single, 0o444)
	_, errText, code := runIn("", "-w", f)
	if code != 2 || !strings.HasPrefix(errText, f+": ") {
		t.Errorf("exit %d, stderr %q", code, errText)
	}
	if got, _ := os.ReadFile(f); string(got) != single {
		t.Error("the file changed")
	}
}

func TestErrorsAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := writeTemp(t, "Dockerfile", single, 0o644)
	bad := writeTemp(t, "bad.Dockerfile", "FROM a\nRUN <<EOF\n", 0o644)
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{filepath.Join(dir, "missing")}, 2, filepath.Join(dir, "missing") + ": no such file or directory"},
		{[]string{bad}, 2, bad + ":2: unterminated heredoc"},
		{[]string{"--alias", "Build", good}, 2, "--alias"},
		{[]string{"-w", "-"}, 2, "cannot use -w with standard input"},
		{[]string{"--nope"}, 2, "flag provided but not defined"},
		// One broken file does not stop the others; the exit is still 2.
		{[]string{bad, good}, 2, "unterminated heredoc"},
	} {
		out, errText, code := runIn("", tc.args...)
		if code != tc.code || !strings.Contains(errText, tc.stderr) {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errText)
		}
		if tc.args[0] == bad && len(tc.args) == 2 && !strings.Contains(out, "AS compiler") {
			t.Errorf("the good file after a bad one was not processed")
		}
	}
}

func TestVersionListHelp(t *testing.T) {
	if out, _, code := runIn("", "--version"); code != 0 || !strings.Contains(out, version) {
		t.Errorf("--version: %d %q", code, out)
	}
	if out, _, code := runIn("", "--list"); code != 0 || !strings.Contains(out, "multistage") || !strings.Contains(out, "go ") {
		t.Errorf("--list: %d %q", code, out)
	}
	if out, _, code := runIn("", "--help"); code != 0 || !strings.Contains(out, "msrewrite -d Dockerfile") {
		t.Errorf("--help: %d %q", code, out)
	}
}

func TestExplainOnStderr(t *testing.T) {
	f := writeTemp(t, "Dockerfile", single, 0o644)
	out, errText, _ := runIn("", "--explain", f)
	if strings.Contains(out, "CGO_ENABLED=0 added") {
		t.Error("explanations went to stdout")
	}
	for _, want := range []string{f + ":4: go: build step", f + ":4: go: artifact /app", "CGO_ENABLED=0 added", "runtime image alpine:3.23"} {
		if !strings.Contains(errText, want) {
			t.Errorf("--explain lacks %q:\n%s", want, errText)
		}
	}
}

// mkTree writes files under a new folder and returns it.
func mkTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestFoldersCheckAndList(t *testing.T) {
	multi := "FROM a AS b\nFROM c\n"
	root := mkTree(t, map[string]string{
		"svc/Dockerfile":          single,
		"svc/Dockerfile.dev":      single,
		"api.Dockerfile":          single,
		"done/Containerfile":      multi,
		"ignored/Dockerfile":      "# msrewrite:ignore\n" + single,
		"notes.txt":               single,
		".git/Dockerfile":         single,
		"node_modules/Dockerfile": single,
	})
	want := strings.Join([]string{
		filepath.Join(root, "api.Dockerfile"),
		filepath.Join(root, "svc/Dockerfile"),
		filepath.Join(root, "svc/Dockerfile.dev"),
	}, "\n") + "\n"
	// The same stable order every time, though files are done in parallel.
	for i := 0; i < 5; i++ {
		out, errText, code := runIn("", "--check", root)
		if code != 1 || out != want {
			t.Fatalf("--check: exit %d\n%s\nstderr: %s", code, out, errText)
		}
		if !strings.Contains(errText, "ignored/Dockerfile:1: not rewritten: the file asks to be left alone") {
			t.Errorf("no reason for the ignored file: %s", errText)
		}
	}
	if out, _, code := runIn("", "-l", root); code != 0 || out != want {
		t.Errorf("-l: exit %d, %q", code, out)
	}
	// -w over the folder, then nothing would change.
	if _, errText, code := runIn("", "-w", root); code != 0 {
		t.Fatalf("-w: exit %d %s", code, errText)
	}
	if out, _, code := runIn("", "--check", root); code != 0 || out != "" {
		t.Errorf("after -w, --check: exit %d, %q", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "notes.txt")); string(b) != single {
		t.Error("a file that is not a Dockerfile was rewritten")
	}
	empty := t.TempDir()
	if out, errText, code := runIn("", "--check", empty); code != 0 || out != "" || errText != "" {
		t.Errorf("empty folder: exit %d %q %q", code, out, errText)
	}
}

// TestWalkedContexts: a folder walked and its Dockerfiles named one by
// one read the same build contexts, ignore files included (the walk's
// listing stands in for reads; see contexts), and an ignore file is not
// taken for a Dockerfile.
func TestWalkedContexts(t *testing.T) {
	dockerfile := "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n"
	files := map[string]string{}
	for _, d := range []string{"own", "shared", "none"} {
		files[d+"/Dockerfile"] = dockerfile
		files[d+"/main.go"] = "package main\n\nfunc main() {}\n"
		files[d+"/go.mod"] = "module example.com/" + d + "\n\ngo 1.22\n"
		files[d+"/config.yaml"] = "port: 8080\n"
	}
	files["own/Dockerfile.dockerignore"] = "config.yaml\n"
	files["shared/.dockerignore"] = "config.yaml\n"
	root := mkTree(t, files)
	named := []string{"--explain", "-l"}
	for _, d := range []string{"none", "own", "shared"} {
		named = append(named, filepath.Join(root, d, "Dockerfile"))
	}
	outNamed, errNamed, codeNamed := runIn("", named...)
	out, errText, code := runIn("", "--explain", "-l", root)
	if code != 0 || codeNamed != 0 || out != outNamed || errText != errNamed {
		t.Fatalf("walked: exit %d\n%s%s\nnamed: exit %d\n%s%s", code, out, errText, codeNamed, outNamed, errNamed)
	}
	for _, d := range []string{"none", "own", "shared"} {
		carried := filepath.Join(root, d, "Dockerfile") + ":3: carried /src/config.yaml"
		if strings.Contains(errText, carried) != (d == "none") {
			t.Errorf("%s: config.yaml must be carried only where no ignore file leaves it out:\n%s", d, errText)
		}
	}
}

func TestDiffSeveralFiles(t *testing.T) {
	root := mkTree(t, map[string]string{"a/Dockerfile": single, "a/main.go": goMain, "b/Dockerfile": single, "b/main.go": goMain})
	out, _, code := runIn("", "-d", filepath.Join(root, "a/Dockerfile"), filepath.Join(root, "b/Dockerfile"))
	if code != 0 || strings.Count(out, "+FROM alpine:3.23") != 2 || strings.Index(out, "a/Dockerfile") > strings.Index(out, "b/Dockerfile") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestStdinFilename(t *testing.T) {
	root := mkTree(t, map[string]string{"go.mod": "module example.com/x/widget\n", "Dockerfile": ""})
	in := "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build\nCMD [\"/app/widget\"]\n"
	name := filepath.Join(root, "Dockerfile")
	out, errText, code := runIn(in, "--stdin-filename", name)
	if code != 0 || !strings.Contains(out, "COPY --from=compiler /app/widget /app/widget") {
		t.Errorf("the build context beside --stdin-filename was not read: exit %d\n%s\n%s", code, out, errText)
	}
	_, errText, _ = runIn("FROM a\nRUN <<EOF\n", "--stdin-filename", name)
	if !strings.HasPrefix(errText, name+":2: ") {
		t.Errorf("message does not use the name: %q", errText)
	}
}

// TestDiffApplies holds -d to what patch does with it: over every
// example, GNU patch turns the file into its rewrite with the diff -d
// prints.
func TestDiffApplies(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("GNU patch not installed")
	}
	files, err := filepath.Glob("../../examples/*/Dockerfile")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	dir := t.TempDir()
	for _, f := range files {
		want, err := os.ReadFile(f + ".multistage")
		if err != nil {
			t.Fatal(err)
		}
		d, errText, code := runIn("", "-d", f)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errText)
		}
		if d == "" {
			continue // left alone
		}
		cmd := exec.Command("patch", "-s", "-o", filepath.Join(dir, "patched"), f)
		cmd.Stdin = strings.NewReader(d)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: patch refused the diff: %v\n%s\n%s", f, err, msg, d)
		}
		got, err := os.ReadFile(filepath.Join(dir, "patched"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: patch gave another file (-want +got):\n%s", f, cmp.Diff(string(want), string(got)))
		}
	}
}

// TestEnvVars: each environment variable a CI job may set reads as its flag.
func TestEnvVars(t *testing.T) {
	f := writeTemp(t, "Dockerfile", single, 0o644)
	// a context whose go.mod needs cgo, so that reading it changes the rewrite
	ctx := mkTree(t, map[string]string{"go.mod": "module example.com/app\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n"})
	for _, c := range []struct{ env, flag, value string }{
		{"MSREWRITE_RUNTIME_IMAGE", "--runtime-image", "debian:bookworm-slim"},
		{"MSREWRITE_ALIAS", "--alias", "build"},
		{"MSREWRITE_FORMAT", "--format", "json"},
		{"MSREWRITE_CONTEXT", "--context", ctx},
	} {
		t.Run(c.env, func(t *testing.T) {
			wantOut, wantErr, wantCode := runIn("", c.flag, c.value, f)
			plain, _, _ := runIn("", f)
			t.Setenv(c.env, c.value)
			out, errText, code := runIn("", f)
			if out != wantOut || errText != wantErr || code != wantCode {
				t.Errorf("%s=%s reads otherwise than %s %s: exit %d\n%s\n%s", c.env, c.value, c.flag, c.value, code, out, errText)
			}
			if out == plain {
				t.Errorf("%s changed nothing: the test proves nothing", c.env)
			}
		})
	}
}

// TestCompletion builds the program, prints each completion script, and
// completes a flag and a command in bash with it (zsh and fish, where
// installed, check the script's syntax).
func TestCompletion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "msrewrite"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, shell := range []string{"bash", "zsh", "fish"} {
		script, err := exec.Command("msrewrite", "completion", shell).Output()
		if err != nil || !bytes.Contains(script, []byte("msrewrite")) {
			t.Fatalf("completion %s: %v\n%s", shell, err, script)
		}
		file := filepath.Join(bin, "msrewrite."+shell)
		if err := os.WriteFile(file, script, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := exec.LookPath(shell); err != nil {
			if shell == "bash" {
				t.Fatal("bash is needed to test completion")
			}
			t.Logf("%s not installed: its script is not checked", shell)
			continue
		}
		if out, err := exec.Command(shell, "-n", file).CombinedOutput(); err != nil {
			t.Errorf("%s -n %s: %v\n%s", shell, file, err, out)
		}
	}
	for typed, want := range map[string]string{"--exp": "--explain", "--runtime": "--runtime-image", "ls": "lsp", "comp": "completion"} {
		sh := `source "$1"; COMP_WORDS=(msrewrite "$2"); COMP_CWORD=1; _msrewrite_complete; printf '%s\n' "${COMPREPLY[@]}"`
		out, err := exec.Command("bash", "-c", sh, "bash", filepath.Join(bin, "msrewrite.bash"), typed).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != want {
			t.Errorf("bash completes %q as %q, want %q (%v)", typed, out, want, err)
		}
	}
	if _, err := exec.LookPath("fish"); err == nil {
		out, err := exec.Command("fish", "-c", `source $argv[1]; complete -C "msrewrite --expl"`, filepath.Join(bin, "msrewrite.fish")).CombinedOutput()
		if err != nil || !strings.HasPrefix(string(out), "--explain\t") {
			t.Errorf("fish completes --expl as %q (%v)", out, err)
		}
	}
	if _, errText, code := runIn("", "completion", "tcsh"); code != 2 || errText == "" {
		t.Errorf("completion of an unknown shell: exit %d, %q", code, errText)
	}
}

// TestVerifyFlags: verify's usage errors and an engine that is not there
// are exit 2, and -w --verify writes nothing it could not verify.
func TestVerifyFlags(t *testing.T) {
	f := writeTemp(t, "Dockerfile", single, 0o644)
	for _, args := range [][]string{{"verify"}, {"verify", "a", "b"}, {"verify", "-"}, {"--verify", f}, {"verify", "--format", "sarif", f}} {
		if _, errText, code := runIn("", args...); code != 2 || errText == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errText)
		}
	}
	t.Setenv("MSREWRITE_ENGINE", "/nonexistent/docker")
	_, errText, code := runIn("", "verify", f)
	if code != 2 || !strings.Contains(errText, "cannot verify: no container engine") {
		t.Errorf("verify without an engine: exit %d, %q", code, errText)
	}
	_, errText, code = runIn("", "-w", "--verify", f)
	if got, _ := os.ReadFile(f); code != 2 || string(got) != single || !strings.Contains(errText, "not written: cannot verify") {
		t.Errorf("-w --verify without an engine: exit %d, %q, file changed: %v", code, errText, string(got) != single)
	}
}
