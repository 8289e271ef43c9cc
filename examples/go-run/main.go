// Command greeter prints the greeting file of its working folder to each
// name on its command line: the Dockerfile starts it with go run.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	greeting, err := os.ReadFile("greeting.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wd, _ := os.Getwd()
	for _, name := range os.Args[1:] {
		fmt.Printf("%s, %s! (from %s)\n", strings.TrimSpace(string(greeting)), name, wd)
	}
}
