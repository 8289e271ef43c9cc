//go:build editors

// Package editors tests the editor recipes with real editors: Neovim (its
// built-in LSP client on `msrewrite lsp`, format on save) and Vim (a
// BufWritePre hook), headless, and the pre-commit hooks with the pre-commit
// tool in a throwaway repository. scripts/editors installs them and runs
// this with the tag `editors`.
package editors

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const single = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n"

// goMain is the program single builds, beside it in its build context.
const goMain = "package main\n\nfunc main() {}\n"
const multi = "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM alpine:3.23\nCOPY --from=build /app /app\nCMD [\"/app\"]\n"

// tool builds msrewrite once and returns a PATH that finds it first.
func tool(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(bin, "msrewrite"), "../cmd/msrewrite")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin + string(os.PathListSeparator) + os.Getenv("PATH")
}

func expected(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("msrewrite", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func files(t *testing.T) (dir, one, two string) {
	dir = t.TempDir()
	one, two = filepath.Join(dir, "Dockerfile"), filepath.Join(dir, "multi.Dockerfile")
	os.WriteFile(one, []byte(single), 0o644)
	os.WriteFile(two, []byte(multi), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(goMain), 0o644)
	return dir, one, two
}

func need(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed: run scripts/editors, which installs it", name)
	}
}

// nvimScript opens a file, waits for the language server, saves, quits.
const nvimScript = `
vim.cmd("filetype on")
dofile(os.getenv("RECIPE"))
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("TARGET")))
local ready = vim.wait(15000, function()
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    if c.name == "msrewrite" and c.server_capabilities ~= nil and not vim.tbl_isempty(c.server_capabilities) then
      return true
    end
  end
  return false
end, 50)
if not ready then
  io.stderr:write("the msrewrite language server did not start\n")
  vim.cmd("cquit 3")
end
vim.cmd("write")
vim.cmd("qall!")
`

func TestNeovimFormatOnSave(t *testing.T) {
	need(t, "nvim")
	path := tool(t)
	_, one, two := files(t)
	script := filepath.Join(t.TempDir(), "test.lua")
	os.WriteFile(script, []byte(nvimScript), 0o644)
	recipe, _ := filepath.Abs("nvim/msrewrite.lua")
	t.Setenv("PATH", path)
	want := expected(t, one)
	for _, f := range []string{one, two} {
		before, _ := os.ReadFile(f)
		cmd := exec.Command("nvim", "--headless", "--clean", "-n", "-c", "luafile "+script)
		cmd.Env = append(os.Environ(), "RECIPE="+recipe, "TARGET="+f, "XDG_STATE_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("nvim on %s: %v\n%s", f, err, out)
		}
		got, _ := os.ReadFile(f)
		switch f {
		case one:
			if string(got) != want {
				t.Errorf("after saving in Neovim:\n%s\nwant:\n%s", got, want)
			}
		case two:
			if string(got) != string(before) {
				t.Errorf("a multi-stage file changed on save:\n%s", got)
			}
		}
	}
}

func TestVimFormatOnSave(t *testing.T) {
	need(t, "vim")
	t.Setenv("PATH", tool(t))
	_, one, two := files(t)
	recipe, _ := filepath.Abs("vim/msrewrite.vim")
	want := expected(t, one)
	broken := filepath.Join(filepath.Dir(one), "broken.Dockerfile")
	os.WriteFile(broken, []byte("FROM a\nRUN <<EOF\n"), 0o644)
	for _, f := range []string{one, two, broken} {
		before, _ := os.ReadFile(f)
		cmd := exec.Command("vim", "-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-c", "source "+recipe, "-c", "edit "+f, "-c", "write", "-c", "qall!")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("vim on %s: %v\n%s", f, err, out)
		}
		got, _ := os.ReadFile(f)
		if f == one && string(got) != want {
			t.Errorf("after saving in Vim:\n%s\nwant:\n%s", got, want)
		}
		if f != one && string(got) != string(before) {
			t.Errorf("%s changed on save:\n%s", filepath.Base(f), got)
		}
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestPreCommitHooks installs this repository's hooks with pre-commit in a
// throwaway repository: the check hook fails on a single-stage Dockerfile,
// the rewrite hook fixes it, and then both pass.
func TestPreCommitHooks(t *testing.T) {
	need(t, "pre-commit")
	need(t, "git")
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatal(err)
	}
	self := strings.TrimSpace(string(top))
	// pre-commit clones a commit; use a snapshot of the work tree as it is,
	// so the hooks tested are the ones in this checkout.
	snap := t.TempDir()
	cp := exec.Command("bash", "-c", `git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} cp --parents {} "$0"`, snap)
	cp.Dir = self
	if out, err := cp.CombinedOutput(); err != nil {
		t.Fatalf("snapshot: %v\n%s", err, out)
	}
	git(t, snap, "init", "-q")
	git(t, snap, "add", "-A")
	git(t, snap, "commit", "-q", "-m", "snapshot")
	rev := git(t, snap, "rev-parse", "HEAD")

	repo := t.TempDir()
	git(t, repo, "init", "-q")
	os.WriteFile(filepath.Join(repo, "Dockerfile"), []byte(single), 0o644)
	os.WriteFile(filepath.Join(repo, "main.go"), []byte(goMain), 0o644)
	os.WriteFile(filepath.Join(repo, ".pre-commit-config.yaml"), []byte("repos:\n- repo: "+snap+"\n  rev: "+rev+"\n  hooks:\n  - id: msrewrite-check\n  - id: msrewrite\n"), 0o644)
	git(t, repo, "add", "-A")
	// pre-commit builds the hook with its own GOPATH; point the module and
	// build caches at this machine's, so it reuses what is already built
	// and downloaded instead of fetching and compiling everything again.
	caches := []string{"PRE_COMMIT_HOME=" + filepath.Join(t.TempDir(), "pc")}
	for _, v := range []string{"GOCACHE", "GOMODCACHE"} {
		if out, err := exec.Command("go", "env", v).Output(); err == nil {
			caches = append(caches, v+"="+strings.TrimSpace(string(out)))
		}
	}
	run := func(hook string) (string, error) {
		cmd := exec.Command("pre-commit", "run", hook, "--all-files")
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), caches...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("msrewrite-check")
	if err == nil || !strings.Contains(out, "Dockerfile") {
		t.Fatalf("the check hook passed a single-stage Dockerfile:\n%s", out)
	}
	out, err = run("msrewrite")
	if err == nil || !strings.Contains(out, "files were modified by this hook") {
		t.Fatalf("the rewrite hook did not rewrite:\n%s", out)
	}
	got, _ := os.ReadFile(filepath.Join(repo, "Dockerfile"))
	if !strings.Contains(string(got), "AS compiler") {
		t.Fatalf("not rewritten:\n%s", got)
	}
	if out, err := run("msrewrite-check"); err != nil {
		t.Fatalf("the check hook fails on the rewritten file:\n%s", out)
	}
}
