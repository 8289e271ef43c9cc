package main

import (
	"flag"
	"html/template"
	"log"
	"net/http"
)

func main() {
	addr := flag.String("listen", ":8000", "address to serve on")
	flag.Parse()
	page := template.Must(template.ParseFiles("templates/board.html"))
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		page.Execute(w, nil)
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
