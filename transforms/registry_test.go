package transforms

import (
	"regexp"
	"testing"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// TestRegistry checks the transforms and toolchains as analysis.Validate
// checks analyzers: each has a unique lowercase name, a doc and a
// function; a toolchain's image families are ones LookupImage knows.
func TestRegistry(t *testing.T) {
	name := regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	seen := map[string]bool{}
	check := func(kind, n, doc string, fn bool) {
		switch {
		case !name.MatchString(n):
			t.Errorf("%s %q: a name is a lowercase word", kind, n)
		case seen[n]:
			t.Errorf("%s %q: the name is taken", kind, n)
		case doc == "":
			t.Errorf("%s %q has no doc", kind, n)
		case !fn:
			t.Errorf("%s %q does nothing", kind, n)
		}
		seen[n] = true
	}
	if len(All) == 0 || len(Toolchains) < 7 {
		t.Fatalf("%d transforms, %d toolchains registered", len(All), len(Toolchains))
	}
	for _, tr := range All {
		check("transform", tr.Name, tr.Doc, tr.Run != nil)
		if tr.Optional {
			t.Errorf("transform %q runs by default, but says it is optional", tr.Name)
		}
	}
	for _, tr := range Optional {
		check("transform", tr.Name, tr.Doc, tr.Run != nil)
		if !tr.Optional {
			t.Errorf("transform %q is asked for, but does not say it is optional: its reason would hide the split's", tr.Name)
		}
	}
	for _, tc := range Toolchains {
		check("toolchain", tc.Name, tc.Doc, tc.Detect != nil)
		if len(tc.Families) == 0 {
			t.Errorf("toolchain %q names no image it builds in", tc.Name)
		}
		if len(tc.Tools) == 0 {
			t.Errorf("toolchain %q names no program it builds with", tc.Name)
		}
		for _, f := range tc.Families {
			if img := rewrite.LookupImage(f); !img.Known || img.Repo != f {
				t.Errorf("toolchain %q: its image %q is not described", tc.Name, f)
			}
		}
	}
}
