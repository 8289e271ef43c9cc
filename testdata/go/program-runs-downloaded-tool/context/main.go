package main

import "os/exec"

func main() { exec.Command("migrate", "up").Run() }
