// Package shell runs the programs the backup is made with, logging each.
package shell

import (
	"log"
	"os"
	"os/exec"
	"strings"
)

// Run runs a program with the backup's own output.
func Run(name string, args ...string) error {
	log.Printf("$ %s %s", name, strings.Join(args, " "))
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
