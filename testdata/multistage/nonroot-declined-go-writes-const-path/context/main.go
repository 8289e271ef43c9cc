package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
)

var hits atomic.Int64

func main() {
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if err := os.WriteFile(filepath.Join(stateDir, "count"), []byte(fmt.Sprint(n)), 0o644); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, n)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
