// Command changes prints the commits of the repository mounted at /repo
// since its last tag, one per line.
package main

import (
	"fmt"
	"os"

	"github.com/bitfield/script"
)

func main() {
	tag, err := script.Exec("git -C /repo describe --tags --abbrev=0").String()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	script.Exec(fmt.Sprintf("git -C /repo log --oneline %s..HEAD", tag)).Stdout()
}
