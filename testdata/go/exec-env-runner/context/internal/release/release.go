// Package release reads tags and their messages from a git checkout.
package release

import (
	"os/exec"
)

// Refresh fetches the remote's tags without asking for credentials.
func Refresh(repo string) error {
	fetch := exec.Command("env", "GIT_TERMINAL_PROMPT=0", "git", "fetch", "--tags", "--prune")
	fetch.Dir = repo
	return fetch.Run()
}

// Notes are the messages of the tags, newest first.
func Notes(repo string) ([]byte, error) {
	return exec.Command("env", "-C", repo, "git", "tag", "-l", "-n99", "--sort=-creatordate").Output()
}
