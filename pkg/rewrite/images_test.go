package rewrite

import "testing"

func TestWordsHas(t *testing.T) {
	ws := WordSet(`sh ash cat
	[ test gzip gunzip`)
	for w, want := range map[string]bool{
		"sh": true, "ash": true, "cat": true, "[": true, "test": true, "gunzip": true,
		"s": false, "as": false, "zip": false, "gz": false, "": false, "sh ash": false, "cat\n": false, "tes": false,
	} {
		if got := ws.Has(w); got != want {
			t.Errorf("Has(%q) = %v, want %v", w, got, want)
		}
	}
	if !ws.With("node npm").Has("npm") || !ws.With("node").Has("gunzip") {
		t.Error("With lost a word")
	}
}

// TestFileRuleMatch holds folder rules to the folders a path is in, never
// its file name.
func TestFileRuleMatch(t *testing.T) {
	for p, want := range map[string]bool{"vendor/x.go": true, "a/vendor/b/c": true, "vendor": false, "vendorx/y": false, "a/b/vendor": false} {
		if got := (FileRule{Dir: "vendor"}).Match(p); got != want {
			t.Errorf("Dir vendor on %q: %v", p, got)
		}
	}
}

func TestOnMirror(t *testing.T) {
	for _, tc := range []struct{ builder, ref, want string }{
		{"golang:1.22", "alpine:3.23", "alpine:3.23"},
		{"docker.io/library/golang:1.22", "alpine:3.23", "docker.io/library/alpine:3.23"},
		{"docker.io/golang:1.22", "alpine:3.23", "docker.io/alpine:3.23"},
		{"public.ecr.aws/docker/library/python:3.12", "python:3.12-slim", "public.ecr.aws/docker/library/python:3.12-slim"},
		{"registry.hub.docker.com/library/python:3.10.14-slim", "python:3.10.14-slim", "registry.hub.docker.com/library/python:3.10.14-slim"},
		{"mirror.gcr.io/library/node:20", "node:20-slim@sha256:0123", "mirror.gcr.io/library/node:20-slim@sha256:0123"},
		{"public.ecr.aws/docker/library/golang:1.22", "gcr.io/distroless/static-debian12", "gcr.io/distroless/static-debian12"},
		{"public.ecr.aws/docker/library/alpine:3.20", "public.ecr.aws/docker/library/alpine:3.20", "public.ecr.aws/docker/library/alpine:3.20"},
		{"registry.example.com/library/golang:1.22", "alpine:3.23", "alpine:3.23"}, // not known as a mirror
	} {
		b := LookupImage(tc.builder)
		if got := OnMirror(b, tc.ref); got != tc.want {
			t.Errorf("OnMirror(%s, %s) = %s, want %s", tc.builder, tc.ref, got, tc.want)
		}
	}
	if img := LookupImage("public.ecr.aws/docker/library/alpine:3.20"); img.Repo != "alpine" || img.Release != "3.20" || !img.Known {
		t.Errorf("the ECR Public copy of alpine is not read as alpine: %+v", img)
	}
}
