package main

import (
	"log"
	"net/http"

	"github.com/upper/db/v4/adapter/sqlite"
)

func main() {
	sess, err := sqlite.Open(sqlite.ConnectionURL{Database: "/data/notes.db"})
	if err != nil {
		log.Fatal(err)
	}
	defer sess.Close()
	log.Fatal(http.ListenAndServe(":8080", nil))
}
