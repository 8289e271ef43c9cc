package main

import (
	"fmt"
	"os/exec"
)

func main() {
	out, err := exec.Command("fc-match", "Brand").Output()
	fmt.Println(string(out), err)
}
