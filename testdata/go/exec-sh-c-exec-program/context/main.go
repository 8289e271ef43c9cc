package main

import "os/exec"

func main() {
	_ = exec.Command("sh", "-c", "exec ffmpeg -i in.mp4 -vframes 1 thumb.png").Run()
}
