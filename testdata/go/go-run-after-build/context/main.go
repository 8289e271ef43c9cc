package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/notes", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]\n")) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
