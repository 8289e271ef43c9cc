package transforms

import (
	"testing"

	"github.com/msrewrite/msrewrite/pkg/rewrite"
)

// TestRuleTable holds the indexed tables to the rules asked in order: the
// first rule that matches wins, whichever kind it is.
func TestRuleTable(t *testing.T) {
	paths := []string{"x", "a/b/c", "vendor/x", "a/vendor", "a/testdata/b/c.txt", "node_modules/x/y.js",
		".git/config", "docs/.github/x", "vendor/.gitignore", "testdata/Jenkinsfile", "Dockerfile.dockerignore", "a/Dockerfile.prod", "README.md", "x/LICENSE"}
	for _, tc := range Toolchains {
		var linear []rewrite.FileRule
		linear = append(append(append(linear, noiseRules...), buildScripts...), tc.BuildInputs...)
		var names []string
		for _, r := range linear {
			if r.Name != "" {
				names = append(names, r.Name, "deep/er/"+r.Name, r.Name+".bak")
			} else {
				names = append(names, r.Dir+"/f", "a/"+r.Dir+"/b/f", r.Dir)
			}
		}
		for _, p := range append(names, paths...) {
			want, wantOK := rewrite.FileRule{}, false
			for _, r := range linear {
				if r.Match(p) {
					want, wantOK = r, true
					break
				}
			}
			got, _, ok := tablesFor(&tc).first(p)
			if ok != wantOK || got != want {
				t.Errorf("%s: %q: %+v %v, in order %+v %v", tc.Name, p, got, ok, want, wantOK)
			}
		}
	}
}
