package validate

import (
	"strings"
	"testing"
)

const in = "FROM golang:1.22\nWORKDIR /src\nRUN go build -o /app .\nCMD [\"/app\"]\n"

func TestCheckAcceptsAGoodRewrite(t *testing.T) {
	out := "FROM golang:1.22 AS compiler\nWORKDIR /src\nRUN go build -o /app .\n\nFROM alpine:3.23\nCOPY --from=compiler /app /app\nCMD [\"/app\"]\n"
	if err := Check([]byte(in), []byte(out), ""); err != nil {
		t.Fatal(err)
	}
}

// The validator must be able to fail: each broken output is caught.
func TestCheckCatches(t *testing.T) {
	for _, tc := range []struct{ out, want string }{
		{"FROM golang:1.22 AS compiler\nRUN go build -o /app .\nFROM alpine:3.23\nCOPY --from=compilr /app /app\n", "does not convert"},
		{"FROM golang:1.22 AS compiler\nRUN go build -o /app .\nFROM ubuntu:latest\nCOPY --from=compiler /app /app\n", "neither named by the input"},
		{"FROM golang:1.22 as compiler\nRUN go build -o /app .\nFROM alpine:3.23\nCOPY --from=compiler /app /app\n", "FromAsCasing"},
		{"FROM golang:1.22 AS compiler\nRUN go build -o /app .\nFROM alpine:3.23\nCOPY --from=compiler /app /app\nCMD /app\n", "JSONArgsRecommended"},
	} {
		err := Check([]byte(in), []byte(tc.out), "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want an error with %q", tc.out, err, tc.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize("golang:1.22"); got != "docker.io/library/golang:1.22" {
		t.Error(got)
	}
	if !RuntimeAllowed("debian:bookworm-slim", "") || RuntimeAllowed("debian:bookworm", "") || !RuntimeAllowed("scratch2:x", "scratch2:x") {
		t.Error("RuntimeAllowed")
	}
	for ref, want := range map[string]bool{
		"registry.hub.docker.com/library/alpine:3.23":    true,
		"public.ecr.aws/docker/library/python:3.12-slim": true,
		"mirror.gcr.io/library/golang:1.22":              false, // a builder image, under a mirror too
		"registry.example.com/library/alpine:3.23":       false,
	} {
		if got := RuntimeAllowed(ref, ""); got != want {
			t.Errorf("RuntimeAllowed(%s) = %v, want %v", ref, got, want)
		}
	}
}
