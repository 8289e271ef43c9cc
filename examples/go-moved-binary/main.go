// Command greeter prints where it runs from: the rewrite must copy the
// binary from where mv put it, not where go build wrote it.
package main

import (
	"fmt"
	"os"
)

func main() {
	exe, _ := os.Executable()
	fmt.Printf("hello from %s, %s\n", exe, os.Args[1])
}
