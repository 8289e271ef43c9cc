package main

import (
	"flag"
	"log"
)

func main() {
	advertise := flag.String("advertise", "", "the address peers reach this node at")
	join := flag.String("join", "", "a peer to join")
	flag.Parse()
	log.Printf("gossip on %s, joining %q", *advertise, *join)
	select {}
}
