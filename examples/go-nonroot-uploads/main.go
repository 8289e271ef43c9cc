// Command drop keeps what it is given in ./uploads, a folder the build
// context brings, notes the last name in /var/lib/drop, a folder the
// build makes empty, and keeps a count in its user's cache folder under
// HOME: with --with nonroot all three must be the unprivileged user's, as
// all of it was root's before.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	f := filepath.Join("uploads", "greeting.txt")
	if err := os.WriteFile(f, []byte("hello from the drop\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("/var/lib/drop/last", []byte(f), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cache, err := os.UserCacheDir()
	if err == nil {
		err = os.MkdirAll(filepath.Join(cache, "drop"), 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(cache, "drop", "count"), []byte("1\n"), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	data, err := os.ReadFile(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("kept %s: %s", f, data)
}
