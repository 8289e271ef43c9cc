package transforms

import (
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

func TestExecName(t *testing.T) {
	for in, want := range map[string]string{
		"example.com/acme/widget":  "widget",
		"github.com/acme/tool/v3":  "tool",
		"github.com/acme/v1":       "v1",
		"github.com/acme/tool/v10": "tool",
		"./cmd/server":             "server",
		"v2":                       "v2",
	} {
		if got := execName(in); got != want {
			t.Errorf("execName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPkgName(t *testing.T) {
	ctx := goModule{module: "example.com/m", root: "/src"}
	for _, tc := range []struct {
		pkg, dir string
		ctx      goModule
		want     string
	}{
		{".", "/src", ctx, "m"},
		{".", "/src/cmd/api", ctx, "api"},
		{"./cmd/api", "/src", ctx, "api"},
		{".", "/src", goModule{}, ""},
		{"./cmd/api", "/src", goModule{}, "api"},
		{"main.go", "/src", goModule{}, "main"},
		{"golang.org/x/tools/cmd/stringer@latest", "/src", goModule{}, "stringer"},
	} {
		if got, _ := pkgName(tc.pkg, tc.dir, tc.ctx); got != tc.want {
			t.Errorf("pkgName(%q, %q) = %q, want %q", tc.pkg, tc.dir, got, tc.want)
		}
	}
}

func TestLookupImage(t *testing.T) {
	for _, tc := range []struct {
		ref, libc, release string
		known              bool
	}{
		{"golang:1.12.4", rewrite.Glibc, "stretch", true},
		{"golang:1.14", rewrite.Glibc, "buster", true},
		{"golang:1.16", rewrite.Glibc, "bullseye", true},
		{"golang:1.18.3", rewrite.Glibc, "bullseye", true},
		{"golang:1.19", rewrite.Glibc, "bookworm", true},
		{"golang:1.24", rewrite.Glibc, "trixie", true},
		{"golang:1.22", rewrite.Glibc, "bookworm", true},
		{"golang:1.25", rewrite.Glibc, "trixie", true},
		{"golang:1.22-bullseye", rewrite.Glibc, "bullseye", true},
		{"golang:1.22-alpine", rewrite.Musl, "", true},
		{"golang:1.22-alpine3.19", rewrite.Musl, "3.19", true},
		{"golang:alpine", rewrite.Musl, "", true},
		{"docker.io/library/golang:1.22", rewrite.Glibc, "bookworm", true},
		{"golang:1.22-windowsservercore", rewrite.Glibc, "bookworm", false},
		{"alpine:3.23", rewrite.Musl, "3.23", true},
		{"debian:bookworm-slim", rewrite.Glibc, "bookworm", true},
		{"scratch", rewrite.NoLibc, "", true},
		{"node:20", rewrite.Glibc, "bookworm", true},
		{"node:22.11.0", rewrite.Glibc, "trixie", true},
		{"node:14-slim", rewrite.Glibc, "buster", true},
		{"node:iron", rewrite.Glibc, "bookworm", true},
		{"node:hydrogen-bullseye-slim", rewrite.Glibc, "bullseye", true},
		{"node:lts-alpine3.20", rewrite.Musl, "3.20", true},
		{"node:lts", rewrite.Glibc, "trixie", true},
		{"node:7", rewrite.Glibc, "jessie", true},
		{"node:unheard-of", rewrite.Glibc, "trixie", false},
		{"python:3.8", rewrite.Glibc, "bookworm", true},
		{"python:3.12-slim", rewrite.Glibc, "trixie", true},
		{"python:3.7-slim-bullseye", rewrite.Glibc, "bullseye", true},
		{"python:2.7", rewrite.Glibc, "buster", true},
	} {
		img := rewrite.LookupImage(tc.ref)
		if img.Libc != tc.libc || img.Release != tc.release || img.Known != tc.known {
			t.Errorf("%s: libc %q release %q known %v", tc.ref, img.Libc, img.Release, img.Known)
		}
	}
}

func TestJarFile(t *testing.T) {
	for args, want := range map[string]string{
		"jar cf app.jar -C out .":              "app.jar",
		"jar cfe app.jar Main Main.class":      "app.jar",
		"jar cef Main app.jar Main.class":      "app.jar",
		"jar cvmf manifest.txt app.jar x":      "app.jar",
		"jar --create --file=lib.jar -C out .": "lib.jar",
		"jar --create --file lib.jar x":        "lib.jar",
		"jar -cf x.jar y":                      "x.jar",
		"jar tf app.jar":                       "",
		"jar --list --file app.jar":            "",
	} {
		if got := jarFile(strings.Fields(args)); got != want {
			t.Errorf("%s: %q, want %q", args, got, want)
		}
	}
}

func TestGoMinorAtLeast(t *testing.T) {
	for version, want := range map[string]bool{
		"1.21": true, "1.22.5": true, "1.20.14": false, "1.9": false,
		"1": false, "": false, "1.21rc2": false, "2.0": false,
	} {
		if got := minorAtLeast(version, 21); got != want {
			t.Errorf("minorAtLeast(%q, 21) = %v, want %v", version, got, want)
		}
	}
}

func TestExternalLink(t *testing.T) {
	for ldflags, want := range map[string]bool{
		"-s -w":                                     false,
		"-linkmode external -extldflags -static":    true,
		"-s -w -linkmode=external":                  true,
		"--linkmode 'external'":                     true,
		"-linkmode internal":                        false,
		"-X main.linkmode=external":                 false,
		"-extldflags '-static' -X main.version=1.2": false,
		"-linkmode":                                 false,
		unknownValue:                                false,
	} {
		if got := externalLink(ldflags); got != want {
			t.Errorf("externalLink(%q) = %v, want %v", ldflags, got, want)
		}
	}
}
