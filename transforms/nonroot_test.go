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
