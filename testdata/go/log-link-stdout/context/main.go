package main

import (
	"flag"
	"log"
	"net/http"
	"os"
)

func main() {
	accessLog := flag.String("access-log", "/var/log/relay-access.log", "where each request is logged")
	flag.Parse()
	f, err := os.OpenFile(*accessLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	access := log.New(f, "", log.LstdFlags)
	log.Fatal(http.ListenAndServe(":8080", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		access.Println(r.Method, r.URL.Path)
	})))
}
