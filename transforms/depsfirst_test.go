package transforms

import "testing"

func TestRequirementFromContext(t *testing.T) {
	for l, want := range map[string]bool{
		"flask==3.0.0":                         false,
		"requests>=2.31  # http":               false,
		"--index-url https://pypi.acme/simple": false,
		"--find-links https://wheels.acme/":    false,
		"--find-links ./wheels":                true,
		"--find-links=wheels":                  true,
		"-f wheels/":                           true,
		"-e .":                                 true,
		"--editable ./lib":                     true,
		"-r base.txt":                          true,
		"--requirement base.txt":               true,
		"-rbase.txt":                           true,
		"--constraint constraints.txt":         true,
		"./pkg":                                true,
		"wheels/tool-1.0-py3-none-any.whl":     true,
		"https://files.acme/tool-1.0.tar.gz":   false,
		"tool @ file:///src/tool":              true,
	} {
		if got := fromContext(l); got != want {
			t.Errorf("fromContext(%q) = %v, want %v", l, got, want)
		}
	}
}
