// Command mirror keeps the repositories below a folder up to date.
package main

import (
	"os"
	"os/exec"
	"path/filepath"
)

const gitBinary = "git"

func main() {
	dirs, _ := filepath.Glob(filepath.Join(os.Args[1], "*"))
	for _, d := range dirs {
		exec.Command(gitBinary, "-C", d, "remote", "update").Run()
	}
}
