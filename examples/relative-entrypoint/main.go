// Command greet prints its arguments: CMD supplies them to ENTRYPOINT.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	fmt.Println("greet:", strings.Join(os.Args[1:], " "))
}
