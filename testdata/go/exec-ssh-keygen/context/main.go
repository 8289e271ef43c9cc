// Command gitserve makes its host key on first start, then serves.
package main

import (
	"os"
	"os/exec"
)

func main() {
	if _, err := os.Stat("/data/host_key"); err != nil {
		exec.Command("ssh-keygen", "-t", "ed25519", "-N", "", "-f", "/data/host_key").Run()
	}
}
