package main

import (
	"log"
	"os/exec"
	"strings"
)

// addresses are the container's own, as the registry is to reach it.
func addresses() ([]string, error) {
	out, err := exec.Command("hostname", "-I").Output()
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

func main() {
	addrs, err := addresses()
	if err != nil || len(addrs) == 0 {
		log.Fatalf("no address to announce: %v", err)
	}
	log.Printf("announcing %s", addrs[0])
}
