// Command docs-mcp serves the project's README as a resource to
// assistants, read from the working folder at each request.
package main

import (
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/resources/readme", func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile("README.md")
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.Write(data)
	})
	http.ListenAndServe(":8080", nil)
}
