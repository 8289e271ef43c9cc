// @title Pet store API
// @version 1.0
package main

import "net/http"

func main() {
	http.Handle("/swagger/", http.StripPrefix("/swagger/", http.FileServer(http.Dir("docs"))))
	http.ListenAndServe(":8080", nil)
}
