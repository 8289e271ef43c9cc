package main

import (
	"log"
	"os"
	"os/exec"
)

func main() {
	cmd := exec.Command("dot", "-Tsvg", "-o", "/tmp/out.svg", "/tmp/in.dot")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatal(err)
	}
}
