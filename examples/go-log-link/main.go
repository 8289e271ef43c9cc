// Command greeter greets whom its flags name into a log file: the
// program whose Dockerfile links that file to the container's output.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	logFile := flag.String("log", "/var/log/greeter.log", "where the greeting is written")
	name := flag.String("name", "world", "whom to greet")
	flag.Parse()
	f, err := os.OpenFile(*logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "hello, %s, logged to %s\n", *name, *logFile)
}
