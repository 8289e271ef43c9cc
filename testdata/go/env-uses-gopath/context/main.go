package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	conf, err := os.ReadFile("conf/app.yaml")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("config: %s", conf)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
