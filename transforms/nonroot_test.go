package transforms

import "testing"

func TestOthersRead(t *testing.T) {
	for mode, want := range map[string]bool{
		"644":      true,
		"0755":     true,
		"4755":     true,
		"600":      false,
		"0640":     false,
		"750":      false,
		"+x":       true,
		"u+x":      true,
		"a-w":      true,
		"go-w":     true,
		"go-rwx":   false,
		"o-r":      false,
		"o=":       false,
		"u=rw,go=": false,
		"a=rx":     true,
		"o=u":      true, // others get the owner's permissions
		"-r":       false,
		"u+s,g+s":  true,
		"ugo=rw":   true,
		"bogus":    false,
		"":         false,
	} {
		if got := othersRead(mode); got != want {
			t.Errorf("othersRead(%q) = %v, want %v", mode, got, want)
		}
	}
}

func TestLowPort(t *testing.T) {
	for _, tc := range []struct {
		value string
		bare  bool
		want  int
	}{
		{"80", true, 80},
		{"8080", true, 0},
		{"80", false, 0}, // a number alone is a port only where the name says so
		{"http://+:80", false, 80},
		{"http://+:8080;https://+:443", false, 443},
		{"0.0.0.0:80", false, 80},
		{":8000", false, 0},
		{"http://localhost:80/", false, 80},
		{"8080,443", true, 443},
		{"$PORT", true, 0},
	} {
		got, _ := lowPort(tc.value, tc.bare)
		if got != tc.want {
			t.Errorf("lowPort(%q, %v) = %d, want %d", tc.value, tc.bare, got, tc.want)
		}
	}
}
