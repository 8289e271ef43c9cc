package main

import "os/exec"

func main() {
	// Clones through the mirror the system config names.
	_ = exec.Command("git", "clone", "https://github.com/acme/data").Run()
}
