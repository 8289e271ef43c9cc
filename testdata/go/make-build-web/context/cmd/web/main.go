package main

import (
	"html/template"
	"net/http"

	"snippetbox.example/ui"
)

func main() {
	t := template.Must(template.ParseFS(ui.Files, "html/home.tmpl"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Execute(w, map[string]string{"Title": "home"}) })
	http.ListenAndServe(":4000", nil)
}
