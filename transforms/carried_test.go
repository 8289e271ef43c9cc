package transforms_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/patternmatcher"
	"github.com/msrewrite/msrewrite/pkg/buildctx"
	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
)

// TestRunTimeFilesArrive holds every rewritten case and example to DESIGN
// §1: each file a COPY put into the builder that is not build-only (as
// classified, keep and drop applied) is put at the same path by the
// runtime stage, by a COPY --from that covers it or a COPY repeated there.
func TestRunTimeFilesArrive(t *testing.T) {
	var dirs []string
	for _, folder := range caseFolders() {
		m, _ := filepath.Glob(filepath.Join("..", "testdata", folder, "*"))
		dirs = append(dirs, m...)
	}
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "*", "Dockerfile"))
	for i := range examples {
		examples[i] = filepath.Dir(examples[i])
	}
	checked := 0
	for _, dir := range append(dirs, examples...) {
		isExample := strings.Contains(dir, "examples")
		var res *rewrite.Result
		var src []byte
		var opts caseOptions
		var ctx *buildctx.Context
		if isExample {
			src, res = rewriteExample(t, dir)
			ctx = folderContext(t, dir)
		} else {
			src, res, _, opts = runCase(t, dir)
			ctx = caseContext(t, dir)
		}
		if !res.Changed || res.Build == nil || opts.NoContext {
			continue // no split (an optional transform alone applied): nothing carried
		}
		checked++
		checkArrive(t, dir, src, res, opts, ctx)
	}
	if checked < 50 {
		t.Fatalf("checked %d rewrites, want at least 50", checked)
	}
}

func checkArrive(t *testing.T, dir string, src []byte, res *rewrite.Result, opts caseOptions, ctx *buildctx.Context) {
	t.Helper()
	doc, err := dockerfile.Parse("Dockerfile", src)
	if err != nil {
		t.Fatal(err)
	}
	st := rewrite.NewStage(doc)
	copies, err := st.ContextCopies(ctx)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	var tc *rewrite.Toolchain
	for i := range transforms.Toolchains {
		if transforms.Toolchains[i].Name == res.Build.Toolchain {
			tc = &transforms.Toolchains[i]
		}
	}
	keep, _ := patternmatcher.New(opts.Keep)
	drop, _ := patternmatcher.New(opts.Drop)
	// What the runtime stage puts in place: its COPY --from paths, and the
	// files its own COPYs land.
	out, err := dockerfile.Parse("Dockerfile", res.Output)
	if err != nil {
		t.Fatal(err)
	}
	stages := out.Stages()
	last := stages[len(stages)-1]
	var froms []string
	for _, in := range out.Instructions[last.Index:] {
		if c, ok := in.Cmd.(*instructions.CopyCommand); ok && c.From != "" {
			froms = append(froms, strings.TrimSuffix(c.DestPath, "/"))
		}
	}
	runtimeDoc, err := dockerfile.Parse("Dockerfile", []byte(out.Text(last.Start, len(out.Lines))))
	if err != nil {
		t.Fatal(err)
	}
	repeated := map[string]bool{}
	rcopies, err := rewrite.NewStage(runtimeDoc).ContextCopies(ctx)
	if err != nil {
		t.Fatalf("%s: the runtime stage's own COPYs: %v", dir, err)
	}
	for _, cp := range rcopies {
		for _, l := range cp.Landings {
			fs, _ := ctx.Files(l, cp.Copy.Exclude)
			for _, f := range fs {
				repeated[f.Dest] = true
			}
		}
	}
	isArtifact := func(p string) bool {
		for _, a := range res.Build.Artifacts {
			if p == a.Path || a.Dir && strings.HasPrefix(p, a.Path+"/") {
				return true
			}
		}
		return false
	}
	for _, cp := range copies {
		if laterRemoves(st, cp.Index) {
			continue // what a later rm or mv does is runwrites.go's to follow
		}
		for _, l := range cp.Landings {
			fs, err := ctx.Files(l, cp.Copy.Exclude)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				runTime, _ := transforms.Classify(tc, res.Build.CompiledIn, f.Src)
				if m, _ := drop.MatchesOrParentMatches(f.Src); m && len(opts.Drop) > 0 {
					runTime = false
				}
				if m, _ := keep.MatchesOrParentMatches(f.Src); m && len(opts.Keep) > 0 {
					runTime = true
				}
				if !runTime || isArtifact(f.Dest) || repeated[f.Dest] {
					continue
				}
				covered := false
				for _, d := range froms {
					covered = covered || f.Dest == d || strings.HasPrefix(f.Dest, d+"/")
				}
				if !covered {
					t.Errorf("%s: %s (at %s) is a run-time file the runtime stage does not have", dir, f.Src, f.Dest)
				}
			}
		}
	}
}

// laterRemoves tells whether a RUN after Body[index] may remove or move files.
func laterRemoves(st *rewrite.Stage, index int) bool {
	for i := index + 1; i < len(st.Body); i++ {
		if st.Body[i].Name() == "run" && st.Mentions(i, "rm", "mv") {
			return true
		}
	}
	return false
}

// rewriteExample rewrites an example with its folder as the context.
func rewriteExample(t *testing.T, dir string) ([]byte, *rewrite.Result) {
	t.Helper()
	src, res, err := func() ([]byte, *rewrite.Result, error) {
		src, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
		if err != nil {
			return nil, nil, err
		}
		res, err := rewriteBytes("Dockerfile", src, folderContext(t, dir), transforms.All)
		return src, res, err
	}()
	if err != nil {
		t.Fatal(err)
	}
	return src, res
}

// TestRepositoryForGit: a context's .git is version control, left in the
// builder, unless the container runs git (git rev-parse HEAD for the
// version), which reads it. Git cannot hold a .git folder in a case's
// context/, so the context is made here.
func TestRepositoryForGit(t *testing.T) {
	const dockerfileText = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD [\"./server\"]\n"
	for _, c := range []struct {
		name, main string
		carried    bool
	}{
		{"runs git", "package main\n\nimport \"os/exec\"\n\nfunc main() { exec.Command(\"git\", \"rev-parse\", \"HEAD\").Run() }\n", true},
		{"runs no git", "package main\n\nfunc main() {}\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"go.mod":      {Data: []byte("module example.com/server\n\ngo 1.22\n")},
				"main.go":     {Data: []byte(c.main)},
				".git/HEAD":   {Data: []byte("ref: refs/heads/main\n")},
				".git/config": {Data: []byte("[core]\n\tbare = false\n")},
			}
			ctx, err := buildctx.NewDir(fsys, "context").Context(nil, "Dockerfile.dockerignore")
			if err != nil {
				t.Fatal(err)
			}
			doc, err := dockerfile.Parse("Dockerfile", []byte(dockerfileText))
			if err != nil {
				t.Fatal(err)
			}
			res, err := rewrite.Run(doc, transforms.All, transforms.Toolchains, rewrite.Options{Context: ctx})
			if err != nil || res.Skip != nil {
				t.Fatalf("not rewritten: %v %v", err, res.Skip)
			}
			copied := strings.Contains(string(res.Output), "COPY --from=compiler /app/.git/ /app/.git/")
			if copied != c.carried {
				t.Errorf(".git carried: %v, want %v:\n%s", copied, c.carried, res.Output)
			}
		})
	}
}
