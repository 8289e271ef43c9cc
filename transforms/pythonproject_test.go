package transforms

import "testing"

func TestRequiresPython(t *testing.T) {
	for _, tc := range []struct {
		spec, minor string
		ok, known   bool
	}{
		{"", "3.12", true, true},
		{">=3.10", "3.12", true, true},
		{">=3.12", "3.12", true, true},
		{">=3.12.0", "3.12", true, true},
		{">=3.12.4", "3.12", false, false}, // 3.12.0 to 3.12.3 do not
		{">=3.13", "3.12", false, true},
		{">=3.9,<4", "3.12", true, true},
		{">=3.9, <3.12", "3.12", false, true},
		{"<3.13", "3.12", true, true},
		{"<=3.12", "3.12", false, false},
		{">3.11", "3.12", true, true},
		{">3.12", "3.12", false, false},
		{"~=3.11", "3.12", true, true},
		{"~=3.11", "4.0", false, true},
		{"~=3.11.2", "3.11", false, false},
		{"~=3.11.2", "3.12", false, true},
		{"==3.12.*", "3.12", true, true},
		{"==3.*", "3.12", true, true},
		{"==3.11.*", "3.12", false, true},
		{"==3.12.4", "3.12", false, false},
		{"!=3.12.*", "3.12", false, true},
		{"!=3.11.*,>=3.10", "3.12", true, true},
		{"3.12", "3.12", false, false},
		{">=three", "3.12", false, false},
	} {
		ok, known := requiresPython(tc.spec, tc.minor)
		if ok != tc.ok || known != tc.known {
			t.Errorf("requiresPython(%q, %q) = %v, %v; want %v, %v", tc.spec, tc.minor, ok, known, tc.ok, tc.known)
		}
	}
}

func TestPythonMinor(t *testing.T) {
	for tag, want := range map[string]string{
		"3.12": "3.12", "3.12.4-slim-bookworm": "3.12", "3.11-alpine3.20": "3.11",
		"3": "", "latest": "", "slim": "", "3-slim": "", "": "",
	} {
		if got := pythonMinor(tag); got != want {
			t.Errorf("pythonMinor(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestPoetryConstraint(t *testing.T) {
	for c, want := range map[string]string{
		"^3.11":        ">=3.11,<4",
		"^3.11.4":      ">=3.11.4,<4",
		"~3.11":        ">=3.11,<3.12",
		"~3.11.2":      ">=3.11.2,<3.12",
		"3.12.*":       "==3.12.*",
		"3.12":         "==3.12",
		">=3.10,<3.13": ">=3.10,<3.13",
		"*":            "",
		"^3.9 || ^4.0": "^3.9 || ^4.0",
	} {
		if got := poetryConstraint(c); got != want {
			t.Errorf("poetryConstraint(%q) = %q, want %q", c, got, want)
		}
	}
}

func TestDistroPythonDev(t *testing.T) {
	for pkg, want := range map[string]bool{
		"python3-dev":       true,
		"python3.11-dev":    true,
		"python-dev":        true,
		"libpython3-dev":    true,
		"libpython3.12-dev": true,
		"python3-all-dev":   true,
		"python3":           false,
		"python3-pip":       false,
		"libpq-dev":         false,
		"python3-lxml-dev":  false,
		"pythonmagick-dev":  false,
	} {
		if got := distroPythonDev(pkg); got != want {
			t.Errorf("distroPythonDev(%q) = %v, want %v", pkg, got, want)
		}
	}
}
