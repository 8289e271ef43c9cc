package main

import (
	"fmt"
	"os/exec"
)

func main() {
	out, _ := exec.Command("git", "symbolic-ref", "--short", "HEAD").Output()
	fmt.Printf("branch %s\n", out)
}
