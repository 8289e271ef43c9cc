package main

import (
	"html/template"
	"net/http"
	"os"
)

func main() {
	cfg, _ := os.ReadFile("config.yaml")
	t := template.Must(template.ParseGlob("templates/*.html"))
	_ = cfg
	_ = t
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	http.ListenAndServe(":8080", nil)
}
