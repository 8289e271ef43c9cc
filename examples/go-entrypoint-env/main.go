// Command greeter greets whom its flags name: the program an entrypoint
// script starts through a variable the Dockerfile's ENV sets.
package main

import (
	"flag"
	"fmt"
)

func main() {
	name := flag.String("name", "world", "whom to greet")
	flag.Parse()
	fmt.Printf("hello, %s, from greeter\n", *name)
}
