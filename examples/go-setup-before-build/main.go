// Command keeper reads the settings a RUN before the build wrote, and
// keeps its state in the folder that RUN made.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	conf, err := os.ReadFile("/etc/keeper/keeper.conf")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	_, greeting, _ := strings.Cut(strings.TrimSpace(string(conf)), "=")
	if err := os.WriteFile("/var/lib/keeper/state", []byte("ok"), 0o600); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Printf("%s; state kept in /var/lib/keeper\n", greeting)
}
