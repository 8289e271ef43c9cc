// Command docs-server serves the documentation checkouts under /docs.
package main

import (
	"log"
	"net/http"
)

func main() {
	log.Fatal(http.ListenAndServe(":8000", http.FileServer(http.Dir("/docs"))))
}
