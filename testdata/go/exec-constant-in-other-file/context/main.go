// Command mirror keeps a bare clone of each repository it is given fresh.
package main

import (
	"log"
	"os"
	"os/exec"
	"time"
)

func fetch(dir string) error {
	cmd := exec.Command(gitBinary, "-C", dir, "fetch", "--prune")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

func main() {
	for {
		for _, dir := range os.Args[1:] {
			if err := fetch(dir); err != nil {
				log.Printf("%s: %v", dir, err)
			}
		}
		time.Sleep(interval)
	}
}
