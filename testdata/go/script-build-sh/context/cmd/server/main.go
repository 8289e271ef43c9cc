package main

import (
	"html/template"
	"net/http"
)

var version = "dev"

func main() {
	t := template.Must(template.ParseFiles("templates/index.html"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Execute(w, version) })
	http.ListenAndServe(":8080", nil)
}
