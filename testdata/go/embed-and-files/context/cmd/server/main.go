package main

import (
	"net/http"

	"example.com/shop/internal/web"
)

func main() {
	http.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	http.Handle("/", web.Handler())
	http.ListenAndServe(":8080", nil)
}
