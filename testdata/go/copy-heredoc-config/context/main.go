package main

import (
	"flag"
	"log"
	"os"
)

func main() {
	config := flag.String("config", "/etc/pinger/pinger.yaml", "the targets to ping")
	flag.Parse()
	data, err := os.ReadFile(*config)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%d bytes of configuration; state in /var/lib/pinger", len(data))
}
