// Command greeter greets whoever its configuration file names.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	b, err := os.ReadFile("/etc/greeter/greeter.conf")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Printf("Hello, %s!\n", strings.TrimSpace(strings.TrimPrefix(string(b), "name=")))
}
