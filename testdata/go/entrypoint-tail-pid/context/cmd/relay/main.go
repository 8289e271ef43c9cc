package main

import (
	"flag"
	"log"
	"net"
)

func main() {
	config := flag.String("config", "/etc/relay.yaml", "configuration file")
	pidfile := flag.String("pidfile", "/run/relay.pid", "where the pid is written")
	flag.Parse()
	_ = pidfile
	l, err := net.Listen("tcp", ":7000")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("relay with %s on %s", *config, l.Addr())
	select {}
}
