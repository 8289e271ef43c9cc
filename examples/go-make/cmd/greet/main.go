// Command greet prints the message of messages/hello.txt, read at run
// time from its working folder, with the version make linked in and the
// address it would serve on. It imports net: built with cgo, as the
// golang image's gcc makes it by default, it would need glibc.
package main

import (
	"fmt"
	"net"
	"os"
	"strings"
)

var version = "dev"

func main() {
	msg, err := os.ReadFile("messages/hello.txt")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s (greet %s, on %s)\n", strings.TrimSpace(string(msg)), version, net.JoinHostPort("", "8080"))
}
