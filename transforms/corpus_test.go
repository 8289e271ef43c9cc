package transforms_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/msrewrite/msrewrite/internal/testcorpus"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/transforms"
)

// buildkitLine is where BuildKit's parser (and instruction parser) errs on
// src: 0 when it accepts the file, -1 when it errs without a line.
func buildkitLine(src []byte) int {
	res, err := parser.Parse(bytes.NewReader(src))
	if err == nil {
		_, _, err = instructions.Parse(res.AST, linter.New(&linter.Config{}))
	}
	if err == nil {
		return 0
	}
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, rs := range le.Locations {
			if len(rs) > 0 && rs[0].Start.Line > 0 {
				return rs[0].Start.Line
			}
		}
		return 1
	}
	return -1
}

// TestBuildKitCorpus runs every Dockerfile of BuildKit's parser tests: an
// error exactly where BuildKit errs, otherwise the properties of every
// rewrite (lossless, idempotent, comments kept, buildable output).
func TestBuildKitCorpus(t *testing.T) {
	files, err := testcorpus.BuildKitParserFiles()
	if err != nil || len(files) < 30 {
		t.Fatalf("BuildKit's parser test files: %d found, %v", len(files), err)
	}
	var rewritten, passthrough, errored int
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(f))
		want := buildkitLine(src)
		_, perr := dockerfile.Parse(name, src)
		var de *dockerfile.Error
		switch {
		case want == 0 && perr != nil:
			t.Errorf("%s: BuildKit accepts it, msrewrite says %v", name, perr)
			continue
		case want != 0 && perr == nil:
			t.Errorf("%s: BuildKit errs at line %d, msrewrite accepts it", name, want)
			continue
		case want != 0 && (!errors.As(perr, &de) || want > 0 && de.Line != want && de.Line != 0):
			// A whole-file error (line 0) matches: BuildKit names its last line.
			t.Errorf("%s: BuildKit errs at line %d, msrewrite says %v", name, want, perr)
			continue
		case want != 0:
			errored++
			continue
		}
		res, err := rewriteBytes(name, src, folderContext(t, filepath.Dir(f)), transforms.All)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Changed {
			rewritten++
		} else {
			passthrough++
		}
		checkProperties(t, name, src, folderContext(t, filepath.Dir(f)), transforms.All)
	}
	msg := fmt.Sprintf("BuildKit parser corpus: %d files: %d rewritten, %d passed through unchanged, %d errors where BuildKit errs", len(files), rewritten, passthrough, errored)
	t.Log(msg)
	if testing.Verbose() {
		fmt.Println(msg)
	}
}
