package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestConfigFile(t *testing.T) {
	root := mkTree(t, map[string]string{
		".msrewrite.toml":         "alias = \"build\"\n\n[runtime-image]\ngo = \"gcr.io/distroless/static-debian12\"\n",
		"svc/deep/Dockerfile":     single,
		"svc/deep/main.go":        goMain,
		"other/.msrewrite.toml":   "toolchains = [\"rust\"]\n",
		"other/Dockerfile":        single,
		"broken/.msrewrite.toml":  "alais = \"x\"\n",
		"broken/Dockerfile":       single,
		"badname/.msrewrite.toml": "toolchains = [\"cobol\"]\n",
		"badname/Dockerfile":      single,
	})
	// Found two folders up; the alias and the Go runtime come from it.
	out, errText, code := runIn("", filepath.Join(root, "svc/deep/Dockerfile"))
	if code != 0 || !strings.Contains(out, "FROM golang:1.22 AS build") || !strings.Contains(out, "FROM gcr.io/distroless/static-debian12") || !strings.Contains(out, "--from=build") {
		t.Errorf("exit %d\n%s\n%s", code, out, errText)
	}
	// Flags win over the file.
	out, _, _ = runIn("", "--alias", "compiler", "--runtime-image", "alpine:3.22", filepath.Join(root, "svc/deep/Dockerfile"))
	if !strings.Contains(out, "AS compiler") || !strings.Contains(out, "FROM alpine:3.22") {
		t.Errorf("flags did not win:\n%s", out)
	}
	// The nearest file wins, whole: here only the Rust detector runs.
	out, errText, _ = runIn("", filepath.Join(root, "other/Dockerfile"))
	if out != single || !strings.Contains(errText, "no build step of a known toolchain") {
		t.Errorf("toolchains = [rust] still rewrote a Go file: %s", errText)
	}
	if _, errText, _ := runIn("", filepath.Join(root, "broken/Dockerfile")); !strings.Contains(errText, ".msrewrite.toml:1: unknown key \"alais\"") {
		t.Errorf("unclear message: %q", errText)
	}
	// A bad file is an error that names it, and the Dockerfile is not touched.
	for _, dir := range []string{"broken", "badname"} {
		out, errText, code = runIn("", filepath.Join(root, dir, "Dockerfile"))
		if code != 2 || out != "" || !strings.HasPrefix(errText, filepath.Join(root, dir, ".msrewrite.toml")+":") {
			t.Errorf("%s: exit %d, %q", dir, code, errText)
		}
	}
}

// A walked folder's configuration is known from the walk; the answers must
// be those of a lookup file by file: from the walked folder, from a folder
// between, and from above the walk's root, given as an absolute, a
// relative and a "./" path.
func TestConfigFileWalked(t *testing.T) {
	root := mkTree(t, map[string]string{
		".msrewrite.toml":           "alias = \"above\"\n",
		"repo/a/Dockerfile":         single,
		"repo/b/.msrewrite.toml":    "alias = \"inb\"\n",
		"repo/b/c/Dockerfile":       single,
		"repo/b/Dockerfile":         single,
		"repo/.hidden/Dockerfile":   single,
		"repo/d/e/f/Dockerfile.dev": single,
	})
	want := map[string]string{"a/Dockerfile": "above", "b/c/Dockerfile": "inb", "b/Dockerfile": "inb", "d/e/f/Dockerfile.dev": "above"}
	check := func(arg, prefix string) {
		t.Helper()
		out, errText, code := runIn("", "-d", arg)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", arg, code, errText)
		}
		got := map[string]string{}
		for _, d := range strings.Split(out, "--- ")[1:] {
			name, _, _ := strings.Cut(d, ".orig\n")
			_, alias, _ := strings.Cut(d, "+FROM golang:1.22 AS ")
			alias, _, _ = strings.Cut(alias, "\n")
			got[name] = alias
		}
		wantHere := map[string]string{}
		for f, alias := range want {
			wantHere[filepath.Join(prefix, f)] = alias
		}
		if d := cmp.Diff(wantHere, got); d != "" {
			t.Errorf("%s: builder names by file (-want +got):\n%s", arg, d)
		}
	}
	check(filepath.Join(root, "repo"), filepath.Join(root, "repo"))
	// The walk itself knows which folders hold a file, so those lookups
	// need no I/O.
	run := &session{configs: &configs{}, contexts: &contexts{}}
	expandArgs([]string{filepath.Join(root, "repo")}, run, func(string) {})
	listed := run.configs.listed
	r := filepath.Join(root, "repo")
	wantListed := map[string]bool{r: false, r + "/a": false, r + "/b": true, r + "/b/c": false, r + "/d": false, r + "/d/e": false, r + "/d/e/f": false}
	if d := cmp.Diff(wantListed, listed); d != "" {
		t.Errorf("folders known from the walk (-want +got):\n%s", d)
	}
	t.Chdir(root)
	check("repo", "repo")
	check("./repo", "repo")
	t.Chdir(filepath.Join(root, "repo"))
	check(".", "")
}
