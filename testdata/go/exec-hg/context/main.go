package main

import "os/exec"

func main() { _ = exec.Command("hg", "pull", "-u").Run() }
