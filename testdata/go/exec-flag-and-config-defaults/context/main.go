// Command docsync keeps a documentation checkout fresh and pings a
// webhook after each pull.
package main

import (
	"flag"
	"log"
	"os/exec"
	"time"
)

var (
	curl = flag.String("curl", "curl", "the curl used for the webhook")
	hook = flag.String("hook", "", "URL to POST after each pull")
)

func main() {
	flag.Parse()
	cfg := loadConfig()
	for range time.Tick(5 * time.Minute) {
		if out, err := exec.Command(cfg.Git, "-C", cfg.Repo, "pull", "--ff-only").CombinedOutput(); err != nil {
			log.Printf("pull: %v: %s", err, out)
			continue
		}
		if *hook != "" {
			exec.Command(*curl, "-fsS", "-X", "POST", *hook).Run()
		}
	}
}
