package main

import (
	"context"
	"os/exec"
	"time"
)

// execIn runs a program in dir and gives up after a minute.
func execIn(dir, name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	return cmd.Run()
}

// quiet runs a program in the site's folder.
func quiet(name string, args ...string) error { return execIn("/srv/site", name, args...) }

// script runs a line of shell in the site's folder.
func script(line string) error { return quiet("sh", "-c", line) }
