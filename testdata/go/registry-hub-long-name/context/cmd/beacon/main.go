package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("up\n")) })
	log.Fatal(http.ListenAndServe(":9100", nil))
}
