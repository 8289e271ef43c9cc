// Command mirror keeps a bare mirror of an upstream repository.
package main

import (
	"log"
	"os/exec"
	"time"

	"example.com/mirror/internal/config"
)

func main() {
	cfg := config.Load()
	for {
		if out, err := exec.Command(cfg.Git, "-C", cfg.Dir, "remote", "update", "--prune").CombinedOutput(); err != nil {
			log.Printf("update: %v: %s", err, out)
		}
		time.Sleep(time.Minute)
	}
}
