// Command notes keeps a note file in its user's home folder, as tools
// that cache or remember state there do: the folder must exist and be its
// user's.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

func main() {
	home, err := os.UserHomeDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	notes := filepath.Join(home, ".notes")
	f, err := os.OpenFile(notes, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(f, "started")
	f.Close()
	data, err := os.ReadFile(notes)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	info, err := os.Stat(home)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	owner := info.Sys().(*syscall.Stat_t).Uid
	fmt.Printf("%d note(s) in %s; the folder is uid %d's, this is uid %d\n", strings.Count(string(data), "\n"), notes, owner, os.Getuid())
}
