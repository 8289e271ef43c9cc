package transforms_test

import (
	"os"
	"testing"
)

// TestStepLineAfterDepsFirst: the build step the split found is named by
// its line in the file as written, though deps-first wrote two lines
// before it in the text the split read (editors mark that line).
func TestStepLineAfterDepsFirst(t *testing.T) {
	dir := "../testdata/multistage/deps-first-go"
	src, err := os.ReadFile(dir + "/Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	res, err := rewriteBytes("Dockerfile", src, folderContext(t, dir+"/context"), everyTransform)
	if err != nil || !res.Changed || res.Build == nil {
		t.Fatalf("not rewritten: %v %+v", err, res)
	}
	if got := res.Build.Steps[0].Line(); got == 4 {
		t.Fatalf("the split read the file as written (step on line %d): the test proves nothing", got)
	}
	if res.StepLine != 4 {
		t.Errorf("StepLine = %d, want 4 (RUN ... go build in the file as written)", res.StepLine)
	}
}
