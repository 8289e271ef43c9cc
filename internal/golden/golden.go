// Package golden compares what a test produced with a file under
// testdata, and rewrites the file instead when the tests run with
// -update (go test ./... -update; review every diff it makes).
package golden

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files from what the tests produce (review every diff)")

// Updating tells whether this run rewrites golden files.
func Updating() bool { return *update }

// Check compares got with file, or writes file under -update.
func Check(t testing.TB, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", file, d)
	}
}
