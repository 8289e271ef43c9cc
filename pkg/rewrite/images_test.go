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
