package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	dir := os.Getenv("INDEX_DIR")
	if dir == "" {
		dir = "/var/lib/indexer"
	}
	http.Handle("/", http.FileServer(http.Dir(dir)))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
