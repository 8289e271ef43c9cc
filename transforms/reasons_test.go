package transforms_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/dockerfile"
	"github.com/msrewrite/msrewrite/pkg/rewrite"
	"github.com/msrewrite/msrewrite/transforms"
)

// TestReasonsNameTheBlocker checks that a pass- case's reason names its
// real blocker: without the instruction the reason points at, the file is
// rewritten or left alone for another reason. (A reason on the FROM line
// names the image, which cannot be taken away.)
func TestReasonsNameTheBlocker(t *testing.T) {
	checked := 0
	for _, folder := range caseFolders() {
		dirs, _ := filepath.Glob(filepath.Join("..", "testdata", folder, "pass-*"))
		for _, dir := range dirs {
			_, res, _, opts := runCase(t, dir)
			if res.Skip == nil || res.Skip.Line <= 1 {
				continue
			}
			src, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
			if err != nil {
				t.Fatal(err)
			}
			o := rewrite.Options{Alias: opts.Alias, RuntimeImage: opts.RuntimeImage, Keep: opts.Keep, Drop: opts.Drop}
			if !opts.NoContext {
				o.Context = caseContext(t, dir)
			}
			// Take the instruction away, and the next one the same reason
			// points at (several COPYs may each be the blocker), until
			// the reason changes.
			skip, removed := res.Skip, 0
			for skip != nil && skip.Reason == res.Skip.Reason && removed < 10 {
				var ok bool
				if src, ok = withoutLine(t, src, skip.Line); !ok {
					break
				}
				removed++
				doc, err := dockerfile.Parse("Dockerfile", src)
				if err != nil {
					break // the instruction held the file together (a heredoc)
				}
				res2, err := rewrite.Run(doc, opts.chain(t), transforms.Toolchains, o)
				if err != nil {
					t.Fatal(err)
				}
				skip = res2.Skip
				if res2.Changed {
					skip = nil
				}
			}
			if removed == 0 {
				continue
			}
			checked++
			if skip != nil && skip.Reason == res.Skip.Reason {
				t.Errorf("%s: without the instructions the reason points at, the same reason: %s", dir, res.Skip.Reason)
			}
		}
	}
	t.Logf("%d pass- cases checked", checked)
	if checked < 20 {
		t.Errorf("only %d pass- cases checked", checked)
	}
}

// withoutLine removes the instruction that starts on a 1-based line, but
// a FROM; ok is false when there is none to remove.
func withoutLine(t *testing.T, src []byte, line int) ([]byte, bool) {
	t.Helper()
	doc, err := dockerfile.Parse("Dockerfile", src)
	if err != nil {
		return nil, false
	}
	for _, in := range doc.Instructions {
		if in.Line() == line && in.Name() != "from" {
			lines := strings.SplitAfter(string(src), "\n")
			return []byte(strings.Join(append(append([]string{}, lines[:in.Start]...), lines[in.End:]...), "")), true
		}
	}
	return nil, false
}
