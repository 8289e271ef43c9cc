// Command greeter greets whom its flags name, with the greeting its
// installation keeps in share/ beside bin/: the program a Dockerfile
// puts on PATH with a symbolic link.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	name := flag.String("name", "world", "whom to greet")
	flag.Parse()
	exe, err := os.Executable() // the link's target, not the link
	if err != nil {
		log.Fatal(err)
	}
	greeting, err := os.ReadFile(filepath.Join(filepath.Dir(exe), "..", "share", "greeting.txt"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, %s, from %s\n", strings.TrimSpace(string(greeting)), *name, exe)
}
