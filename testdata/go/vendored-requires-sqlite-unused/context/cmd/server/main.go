package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() { http.ListenAndServe(":8080", chi.NewRouter()) }
