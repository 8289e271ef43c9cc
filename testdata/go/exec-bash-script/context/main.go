package main

import (
	"log"
	"os/exec"
)

func main() {
	out, err := exec.Command("bash", "scripts/deploy.sh").CombinedOutput()
	if err != nil {
		log.Fatal(err, string(out))
	}
}
