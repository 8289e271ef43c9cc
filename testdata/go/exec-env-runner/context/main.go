// Command changelog serves the release notes of a checked-out
// repository, refreshed from its remote on each request.
package main

import (
	"log"
	"net/http"
	"os"

	"example.com/changelog/internal/release"
)

func main() {
	repo := os.Getenv("REPO_DIR")
	if repo == "" {
		repo = "/data/repo"
	}
	http.HandleFunc("/notes", func(w http.ResponseWriter, r *http.Request) {
		if err := release.Refresh(repo); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		notes, err := release.Notes(repo)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write(notes)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
