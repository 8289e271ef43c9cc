package main

import (
	"os"
	"os/exec"
)

// run starts a program with the deployer's output, in dir.
func run(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// sh runs a script the way a hook in the settings is written.
func (d *deployer) sh(script string) error {
	return exec.Command("/bin/sh", "-c", script).Run()
}
