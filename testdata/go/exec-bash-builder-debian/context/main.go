package main

import (
	"context"
	"os"
	osexec "os/exec"
)

func main() {
	cmd := osexec.CommandContext(context.Background(), "bash", "-c", "set -o pipefail; ls /etc | sort | head -n 3")
	cmd.Stdout = os.Stdout
	_ = cmd.Run()
}
