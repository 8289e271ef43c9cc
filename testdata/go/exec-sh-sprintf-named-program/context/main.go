// Command bundler uploads a git bundle of a repository every night.
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"time"
)

const gitBin = "git"

var uploader = "curl"

func backup(repo, target string) error {
	file := fmt.Sprintf("/tmp/%d.bundle", time.Now().Unix())
	script := fmt.Sprintf("set -e; %s -C %s bundle create %s --all; %s -fsS -T %s %s; rm -f %s",
		gitBin, repo, file, uploader, file, target, file)
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

func main() {
	for {
		if err := backup(os.Getenv("REPO"), os.Getenv("UPLOAD_URL")); err != nil {
			log.Print(err)
		}
		time.Sleep(24 * time.Hour)
	}
}
