package main

import (
	"log"
	"os"
)

func main() {
	f, err := os.OpenFile("/var/log/ledger.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	log.SetOutput(f)
	log.Println("ledger started")
}
