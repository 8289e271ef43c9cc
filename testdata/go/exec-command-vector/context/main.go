// Command backup mirrors a repository and copies its archive to a host.
package main

import (
	"log"
	"os"
	"os/exec"
)

func main() {
	for _, tool := range []string{"tar", "ssh"} {
		if _, err := exec.LookPath(tool); err != nil {
			log.Fatalf("backup needs %s: %v", tool, err)
		}
	}
	repo, host := os.Getenv("REPO"), os.Getenv("HOST")
	steps := [][]string{
		{"git", "clone", "--mirror", repo, "/tmp/mirror"},
		{"tar", "-czf", "/tmp/mirror.tgz", "-C", "/tmp", "mirror"},
	}
	for _, step := range steps {
		if err := run(step...); err != nil {
			log.Fatal(err)
		}
	}
	ship := []string{"scp", "-q", "/tmp/mirror.tgz", host + ":backups/"}
	if os.Getenv("RSYNC") != "" {
		ship = []string{"rsync", "-a", "/tmp/mirror.tgz", host + ":backups/"}
	}
	if err := run(ship...); err != nil {
		log.Fatal(err)
	}
	if out, err := output([]string{"curl", "-fsS", "-X", "POST", os.Getenv("DONE_URL")}); err != nil {
		log.Fatalf("%v: %s", err, out)
	}
}
