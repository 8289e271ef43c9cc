// Command gitshell is the login shell of a Git host's service account:
// it lets git's transport commands through and opens a session for the
// rest.
package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"

	"github.com/cli/safeexec"
	"golang.org/x/sys/execabs"
)

func main() {
	line := os.Getenv("SSH_ORIGINAL_COMMAND")
	if strings.HasPrefix(line, "git-upload-pack ") || strings.HasPrefix(line, "git-receive-pack ") {
		cmd := execabs.Command("git", "shell", "-c", line)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			os.Exit(1)
		}
		return
	}
	if _, err := safeexec.LookPath("curl"); err == nil {
		// Tell the audit hook who logged in.
		_ = execabs.Command("curl", "-fsS", "-d", os.Getenv("USER"), os.Getenv("AUDIT_URL")).Run()
	}
	err := syscall.Exec("/usr/bin/tmux", []string{"tmux", "new-session", "-A", "-s", "main"}, os.Environ())
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
