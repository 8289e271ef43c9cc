package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigFile(t *testing.T) {
	root := mkTree(t, map[string]string{
		".msrewrite.toml":         "alias = \"build\"\n\n[runtime-image]\ngo = \"gcr.io/distroless/static-debian12\"\n",
		"svc/deep/Dockerfile":     single,
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
