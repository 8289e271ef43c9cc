package main

import (
	"flag"
	"net/http"

	_ "github.com/go-chi/chi/v5"
)

func main() {
	port := flag.String("port", "8080", "")
	flag.Parse()
	http.ListenAndServe(":"+*port, nil)
}
