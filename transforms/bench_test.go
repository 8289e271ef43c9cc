package transforms_test

import (
	"bytes"
	"io/fs"
	"os"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/msrewrite/msrewrite/internal/gen"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
)

type benchInput struct {
	name string
	src  []byte
	ctx  fs.FS // the build context
}

func benchInputs(b *testing.B) []benchInput {
	hello, err := os.ReadFile("../examples/helloworld/Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	service, err := os.ReadFile("../testdata/bench/service/Dockerfile")
	if err != nil {
		b.Fatal(err)
	}
	return []benchInput{
		{"hello", hello, os.DirFS("../examples/helloworld")}, {"service40", service, os.DirFS("../testdata/bench/service")},
		{"lines1k", gen.Large(1000), gen.LargeContext(1000)}, {"lines10k", gen.Large(10000), gen.LargeContext(10000)},
		{"lines100k", gen.Large(100000), gen.LargeContext(100000)},
	}
}

// context is an input's build context, as a run over one file reads it.
func (in benchInput) context(b *testing.B) *buildctx.Context {
	ctx, err := buildctx.NewDir(in.ctx, in.name).Context(nil, "")
	if err != nil {
		b.Fatal(err)
	}
	return ctx
}

func report(b *testing.B, src []byte) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	lines := bytes.Count(src, []byte("\n"))
	b.Cleanup(func() {
		if b.N > 0 && lines > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lines), "ns/line")
		}
	})
}

// BenchmarkParse is the document model alone: BuildKit's parser plus the
// typed instructions and line bookkeeping.
func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			report(b, in.src)
			for b.Loop() {
				if _, err := dockerfile.Parse("bench", in.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDetect is the stage analysis and the Go detector on a parsed file.
func BenchmarkDetect(b *testing.B) {
	for _, in := range benchInputs(b) {
		doc, err := dockerfile.Parse("bench", in.src)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(in.name, func(b *testing.B) {
			report(b, in.src)
			for b.Loop() {
				p := &rewrite.Pass{Doc: doc, Options: rewrite.Options{Alias: rewrite.DefaultAlias}, Toolchains: []rewrite.Toolchain{transforms.Go}}
				if bld, err := p.Detect(rewrite.NewStage(doc)); err != nil || bld == nil {
					b.Fatalf("no build found: %v", err)
				}
			}
		})
	}
}

// BenchmarkRewrite is the whole library path: parse, detect, rewrite, splice.
func BenchmarkRewrite(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			report(b, in.src)
			for b.Loop() {
				doc, err := dockerfile.Parse("bench", in.src)
				if err != nil {
					b.Fatal(err)
				}
				res, err := rewrite.Run(doc, transforms.All, transforms.Toolchains, rewrite.Options{Context: in.context(b)})
				if err != nil || !res.Changed {
					b.Fatalf("not rewritten: %v %+v", err, res.Skip)
				}
			}
		})
	}
}

// BenchmarkBuildKitParse is BuildKit's parser alone.
func BenchmarkBuildKitParse(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			report(b, in.src)
			for b.Loop() {
				if _, err := parser.Parse(bytes.NewReader(in.src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
