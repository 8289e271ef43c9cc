// Package sysexec runs programs on the host; tests use a fake instead.
package sysexec

import "os/exec"

// Real runs programs with os/exec.
type Real struct{}

// Output runs a program and returns what it printed.
func (Real) Output(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).CombinedOutput()
}
