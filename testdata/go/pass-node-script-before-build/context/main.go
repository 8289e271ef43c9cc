package main

import (
	"log"
	"net/http"
)

func main() {
	// The bundle the build's node script wrote: a new folder, which the
	// build context does not hold.
	http.Handle("/", http.FileServer(http.Dir("public")))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
