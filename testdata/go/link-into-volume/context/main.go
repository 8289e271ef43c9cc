package main

import (
	"html/template"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
)

var page = template.Must(template.ParseFiles("templates/index.html"))

func upload(w http.ResponseWriter, r *http.Request) {
	f, h, err := r.FormFile("file")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer f.Close()
	out, err := os.Create(filepath.Join("uploads", filepath.Base(h.Filename)))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer out.Close()
	io.Copy(out, f)
}

func main() {
	http.HandleFunc("/upload", upload)
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { page.Execute(w, nil) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
