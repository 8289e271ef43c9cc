package main

import (
	"os"
	"testing"
)

func TestChangelogMentionsRelease(t *testing.T) {
	if _, err := os.ReadFile("CHANGELOG.md"); err != nil {
		t.Fatal(err)
	}
}
