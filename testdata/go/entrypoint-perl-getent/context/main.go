// Command proxy forwards to the upstream its configuration names.
package main

import (
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
)

func main() {
	cfg, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	u, err := url.Parse(strings.TrimSpace(string(cfg)))
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe(":8080", httputil.NewSingleHostReverseProxy(u)))
}
