// Command drop keeps what it is given in ./uploads, a folder the build
// context brings, and notes the last name in /var/lib/drop, a folder the
// build makes empty: with --with nonroot both must be the unprivileged
// user's, as all of it was root's before.
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
	data, err := os.ReadFile(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("kept %s: %s", f, data)
}
