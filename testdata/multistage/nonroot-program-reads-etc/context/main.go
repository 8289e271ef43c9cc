package main

import (
	"io"
	"log"
	"os"
)

func main() {
	f, err := os.OpenFile("/etc/ledger/ledger.conf", os.O_RDONLY, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	io.Copy(os.Stdout, f)
	if err := os.WriteFile("state.json", []byte("{}"), 0o644); err != nil {
		log.Fatal(err)
	}
}
