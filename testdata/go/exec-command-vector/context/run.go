package main

import (
	"os"
	"os/exec"
)

// run starts a command line, its program first, with the agent's output.
func run(argv ...string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

// output is the standard output of a command line given as a slice.
func output(argv []string) ([]byte, error) {
	return exec.Command(argv[0], argv[1:]...).Output()
}
