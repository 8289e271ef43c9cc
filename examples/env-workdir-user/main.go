// Command whoami prints what the container gives it at run time: an
// environment variable, the working directory and the user.
package main

import (
	"fmt"
	"os"
	"os/user"
)

func main() {
	wd, _ := os.Getwd()
	name := "?"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	fmt.Printf("%s from %s as %s (%d:%d)\n", os.Getenv("GREETING"), wd, name, os.Getuid(), os.Getgid())
}
