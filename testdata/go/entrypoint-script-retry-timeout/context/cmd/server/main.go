// Command server serves the notes kept in the repository it is given.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.Handle("/", http.FileServer(http.Dir("/data/notes")))
	log.Fatal(http.ListenAndServe(":8080", nil))
}
