package main

import "os/exec"

func main() { exec.Command("ffmpeg", "-version").Run() }
