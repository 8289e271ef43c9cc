package rewrite

import (
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
)

func TestAppliedBack(t *testing.T) {
	in := "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nEXPOSE 8080\nCMD [\"/app\"]\n"
	off := func(line int) int { return lineStart([]byte(in), line) }
	edits := []dockerfile.Edit{
		// Two lines written before line 3, as deps-first does.
		dockerfile.Insert(off(3), "COPY go.mod ./\nRUN go mod download\n"),
		// EXPOSE and CMD moved after a new stage, as the split does.
		{Off: off(5), End: len(in)},
		dockerfile.Insert(len(in), "\nFROM alpine:3.23\nCOPY --from=0 /app /app\nEXPOSE 8080\nCMD [\"/app\"]\n"),
	}
	out := string(applied{in: []byte(in), edits: edits}.out())
	// The edits out of order, as a pass may make them: back sorts them.
	a := applied{in: []byte(in), edits: []dockerfile.Edit{edits[2], edits[0], edits[1]}}
	want := map[string]int{
		"FROM golang:1.22":       1,
		"WORKDIR /src":           2,
		"COPY go.mod ./":         3, // written at line 3
		"RUN go mod download":    3,
		"COPY . .":               3,
		"RUN go build -o /app .": 4,
		"FROM alpine:3.23":       6, // written at the end: the last line
		"EXPOSE 8080":            5, // moved from line 5
		"CMD [\"/app\"]":         6,
	}
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		w, ok := want[line]
		if !ok {
			continue
		}
		if got := a.back(i + 1); got != w {
			t.Errorf("line %d %q: back = %d, want %d", i+1, line, got, w)
		}
	}
	if got := a.back(0); got != 0 {
		t.Errorf("the whole file: back(0) = %d, want 0", got)
	}
	if got := original(nil, 4); got != 4 {
		t.Errorf("no pass applied: original = %d, want 4", got)
	}
}
