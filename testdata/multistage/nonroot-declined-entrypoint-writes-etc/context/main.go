package main

import (
	"flag"
	"log"
	"os"
)

func main() {
	config := flag.String("config", "relay.yaml", "the configuration file")
	flag.Parse()
	if _, err := os.ReadFile(*config); err != nil {
		log.Fatal(err)
	}
}
