package main

import (
	"fmt"
	"net/http"

	"github.com/otiai10/gosseract/v2"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		client := gosseract.NewClient()
		defer client.Close()
		client.SetImage("/tmp/upload.png")
		text, _ := client.Text()
		fmt.Fprintln(w, text)
	})
	http.ListenAndServe(":8000", nil)
}
