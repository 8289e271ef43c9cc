package transforms

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/msrewrite/msrewrite/internal/testcorpus"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// FuzzGoDetector, FuzzRustDetector and FuzzCDetector run one detector
// alone: no panic; what it reports is well formed (absolute clean artifact
// paths, edits that apply and leave a file BuildKit parses).
func FuzzGoDetector(f *testing.F) { fuzzDetector(f, Go) }

// FuzzRustDetector: see FuzzGoDetector.
func FuzzRustDetector(f *testing.F) { fuzzDetector(f, Rust) }

// FuzzCDetector: see FuzzGoDetector.
func FuzzCDetector(f *testing.F) { fuzzDetector(f, C) }

// FuzzPythonDetector: see FuzzGoDetector.
func FuzzPythonDetector(f *testing.F) { fuzzDetector(f, Python) }

// FuzzNodeDetector: see FuzzGoDetector.
func FuzzNodeDetector(f *testing.F) { fuzzDetector(f, Node) }

// FuzzJavaDetector: see FuzzGoDetector.
func FuzzJavaDetector(f *testing.F) { fuzzDetector(f, Java) }

// FuzzDotnetDetector: see FuzzGoDetector.
func FuzzDotnetDetector(f *testing.F) { fuzzDetector(f, Dotnet) }

func fuzzDetector(f *testing.F, tc rewrite.Toolchain) {
	files, _ := testcorpus.BuildKitParserFiles()
	for _, pattern := range []string{"../testdata/*/*/Dockerfile", "../examples/*/Dockerfile"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := dockerfile.Parse("fuzz", src)
		if err != nil || len(doc.Stages()) != 1 {
			return
		}
		p := &rewrite.Pass{Doc: doc, Options: rewrite.Options{Alias: rewrite.DefaultAlias}, Toolchains: []rewrite.Toolchain{tc}}
		b, err := p.Detect(rewrite.NewStage(doc))
		if err != nil {
			var skip *rewrite.Skip
			if !errors.As(err, &skip) {
				t.Fatalf("an error that is not a *Skip: %v", err)
			}
			return
		}
		if b == nil {
			return
		}
		for _, o := range b.Unresolved {
			if !path.IsAbs(o.Dir) {
				t.Fatalf("output folder %q is not absolute", o.Dir)
			}
		}
		for _, a := range b.Artifacts {
			if !path.IsAbs(a.Path) || path.Clean(a.Path) != a.Path {
				t.Fatalf("artifact path %q is not absolute and clean", a.Path)
			}
		}
		out, err := doc.Apply(b.Edits)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dockerfile.Parse("fuzz", out); err != nil {
			t.Fatalf("the detector's edits break the file: %v\n%s", err, out)
		}
	})
}
