package transforms_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/msrewrite/msrewrite/internal/golden"
	"github.com/msrewrite/msrewrite/internal/validate"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
	"github.com/pelletier/go-toml/v2"
)

// The rewrite's cases, one folder each under testdata/<toolchain>/ (or
// testdata/multistage/ for what no toolchain owns), in the manner of
// BuildKit's testfiles and go/analysis's analysistest:
//
//	Dockerfile    the input
//	want          the rewrite (none for a pass-* case: it must come out unchanged)
//	explain       the notes --explain gives, or the reason it is left alone
//	options.toml  alias, runtime-image, keep, drop, no-context (optional)
//	context/      the build context (none: an empty one)
//	Dockerfile.dockerignore  the Dockerfile's own ignore file (optional)
//
// go test ./transforms -update writes want and explain from what the
// rewrite does; review every diff. testdata/handwritten/ holds expectations
// written by hand from the contract, which -update never touches.

// caseOptions are a case's options.toml.
type caseOptions struct {
	Alias        string   `toml:"alias"`
	RuntimeImage string   `toml:"runtime-image"`
	Keep         []string `toml:"keep"`
	Drop         []string `toml:"drop"`
	// NoContext runs the case as standard input without a file name: no
	// build context can be seen.
	NoContext bool `toml:"no-context"`
	// With enables optional transforms; Transforms, when set, is the
	// whole list that runs.
	With       []string `toml:"with"`
	Transforms []string `toml:"transforms"`
}

// caseContext is the build context of a case folder: its context/ folder,
// or an empty one.
func caseContext(t testing.TB, dir string) *buildctx.Context {
	t.Helper()
	var d *buildctx.Dir
	if fi, err := os.Stat(filepath.Join(dir, "context")); err == nil && fi.IsDir() {
		d = buildctx.NewDir(os.DirFS(filepath.Join(dir, "context")), "context")
	} else {
		d = buildctx.NewDir(fstest.MapFS{}, "context")
	}
	own, err := os.ReadFile(filepath.Join(dir, "Dockerfile.dockerignore"))
	if err != nil {
		own = nil
	}
	ctx, err := d.Context(own, "Dockerfile.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	return ctx
}

// runCase rewrites a case's Dockerfile as the command line would with
// --explain, and returns the output and the messages.
func runCase(t *testing.T, dir string) (src []byte, res *rewrite.Result, explain string, opts caseOptions) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "options.toml")); err == nil {
		dec := toml.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&opts); err != nil {
			t.Fatalf("options.toml: %v", err)
		}
	}
	doc, err := dockerfile.Parse("Dockerfile", src)
	if err != nil {
		t.Fatal(err)
	}
	o := rewrite.Options{Alias: opts.Alias, RuntimeImage: opts.RuntimeImage, Keep: opts.Keep, Drop: opts.Drop, Explain: true}
	if !opts.NoContext {
		o.Context = caseContext(t, dir)
	}
	if res, err = rewrite.Run(doc, opts.chain(t), transforms.Toolchains, o); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range res.Notes {
		b.WriteString(located(n.Line, n.Text))
	}
	if res.Skip != nil {
		b.WriteString(located(res.Skip.Line, res.SkipText()))
	}
	return src, res, b.String(), opts
}

// chain is the transforms a case runs: the default ones and those it
// enables, or the list it gives.
func (o caseOptions) chain(t *testing.T) []rewrite.Transform {
	names := o.Transforms
	if len(names) == 0 {
		names = o.With
		for _, tr := range transforms.All {
			names = append(names, tr.Name)
		}
	}
	chain, unknown := transforms.Chain(names)
	if unknown != "" {
		t.Fatalf("options.toml: unknown transform %q", unknown)
	}
	return chain
}

// located writes a message as the command line does.
func located(line int, text string) string {
	if line > 0 {
		return fmt.Sprintf("Dockerfile:%d: %s\n", line, text)
	}
	return "Dockerfile: " + text + "\n"
}

// caseFolders are the folders of testdata/ that hold cases.
func caseFolders() []string {
	names := []string{"multistage"}
	for _, tc := range transforms.Toolchains {
		names = append(names, tc.Name)
	}
	return names
}

func TestCases(t *testing.T) {
	n := 0
	for _, folder := range caseFolders() {
		dirs, _ := filepath.Glob(filepath.Join("..", "testdata", folder, "*"))
		for _, dir := range dirs {
			n++
			t.Run(folder+"/"+filepath.Base(dir), func(t *testing.T) {
				src, res, explain, opts := runCase(t, dir)
				pass := strings.HasPrefix(filepath.Base(dir), "pass-")
				switch {
				case pass && res.Changed:
					t.Errorf("a pass- case was rewritten")
				case pass && res.Skip == nil:
					t.Errorf("a pass- case gave no reason")
				case !pass && !res.Changed:
					t.Errorf("not rewritten: %s", explain)
				case !pass && folder != "multistage" && res.Build != nil && res.Build.Toolchain != folder:
					t.Errorf("rewritten by the %s toolchain, in testdata/%s", res.Build.Toolchain, folder)
				}
				golden.Check(t, filepath.Join(dir, "explain"), explain)
				if !pass {
					golden.Check(t, filepath.Join(dir, "want"), string(res.Output))
				}
				if err := validate.Check(src, res.Output, opts.RuntimeImage); err != nil {
					t.Errorf("validator: %v", err)
				}
				if res.Changed && (len(opts.With) > 0 || len(opts.Transforms) > 0) {
					// The optional transforms are idempotent too (the
					// property test runs the default ones only).
					doc, err := dockerfile.Parse("Dockerfile", res.Output)
					if err != nil {
						t.Fatal(err)
					}
					o := rewrite.Options{Alias: opts.Alias, RuntimeImage: opts.RuntimeImage, Context: caseContext(t, dir)}
					again, err := rewrite.Run(doc, opts.chain(t), transforms.Toolchains, o)
					if err != nil || again.Changed {
						t.Errorf("a second pass changes the output: %v\n%s", err, again.Output)
					}
				}
			})
		}
	}
	if n < 100 {
		t.Fatalf("found %d cases, want at least 100", n)
	}
}

// TestCaseFolders: testdata/ has a folder per toolchain and no other, so
// that a case cannot sit where no test runs it.
func TestCaseFolders(t *testing.T) {
	others := []string{"errors", "bench", "e2e", "handwritten", "survey.md"}
	entries, err := os.ReadDir(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(caseFolders(), e.Name()) && !slices.Contains(others, e.Name()) {
			t.Errorf("testdata/%s is neither a toolchain's cases nor one of %v", e.Name(), others)
		}
	}
}

// TestHandwritten compares the rewrite with expectations written by hand
// from the design's contract before the tool was run on them.
func TestHandwritten(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("..", "testdata", "handwritten", "*"))
	if len(dirs) == 0 {
		t.Fatal("no handwritten cases")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			_, res, explain, _ := runCase(t, dir)
			want, err := os.ReadFile(filepath.Join(dir, "want"))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), string(res.Output)); d != "" {
				t.Errorf("(-want +got):\n%s\n%s", d, explain)
			}
		})
	}
}
