// Package deploy updates a checkout and reloads the service behind it.
package deploy

import "fmt"

// Runner runs a program: sysexec.Real in production, a fake in tests.
type Runner interface {
	Output(name string, args ...string) ([]byte, error)
}

// Deployer updates the checkout in Dir.
type Deployer struct {
	Dir    string
	Runner Runner
}

// Update fetches and checks out ref.
func (d *Deployer) Update(ref string) error {
	if out, err := d.Runner.Output("git", "-C", d.Dir, "fetch", "--prune", "origin"); err != nil {
		return fmt.Errorf("fetch: %v: %s", err, out)
	}
	if out, err := d.Runner.Output("git", "-C", d.Dir, "checkout", "--force", ref); err != nil {
		return fmt.Errorf("checkout: %v: %s", err, out)
	}
	return nil
}
