package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Put("/{name}", func(w http.ResponseWriter, req *http.Request) {
		f, err := os.Create(filepath.Join("uploads", filepath.Base(chi.URLParam(req, "name"))))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		io.Copy(f, req.Body)
	})
	http.ListenAndServe(":8080", r)
}
