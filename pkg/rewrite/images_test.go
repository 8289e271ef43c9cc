package rewrite

import "testing"

func TestWordsHas(t *testing.T) {
	ws := WordSet(`sh ash cat
	[ test gzip gunzip`)
	for w, want := range map[string]bool{
		"sh": true, "ash": true, "cat": true, "[": true, "test": true, "gunzip": true,
		"s": false, "as": false, "zip": false, "gz": false, "": false, "sh ash": false, "cat\n": false, "tes": false,
	} {
		if got := ws.Has(w); got != want {
			t.Errorf("Has(%q) = %v, want %v", w, got, want)
		}
	}
	if !ws.With("node npm").Has("npm") || !ws.With("node").Has("gunzip") {
		t.Error("With lost a word")
	}
}

// TestFileRuleMatch holds folder rules to the folders a path is in, never
// its file name.
func TestFileRuleMatch(t *testing.T) {
	for p, want := range map[string]bool{"vendor/x.go": true, "a/vendor/b/c": true, "vendor": false, "vendorx/y": false, "a/b/vendor": false} {
		if got := (FileRule{Dir: "vendor"}).Match(p); got != want {
			t.Errorf("Dir vendor on %q: %v", p, got)
		}
	}
}
