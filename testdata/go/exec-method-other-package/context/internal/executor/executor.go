// Package executor runs external programs in a fixed folder with a
// bounded time, logging each command line.
package executor

import (
	"context"
	"log"
	"os/exec"
	"strings"
	"time"
)

// Executor runs programs in Dir.
type Executor struct {
	Dir     string
	Timeout time.Duration
}

// New is an Executor for dir with a one-minute limit per command.
func New(dir string) *Executor { return &Executor{Dir: dir, Timeout: time.Minute} }

// Run runs a program and returns its combined output.
func (e *Executor) Run(name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), e.Timeout)
	defer cancel()
	log.Printf("%s: %s %s", e.Dir, name, strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = e.Dir
	return cmd.CombinedOutput()
}
