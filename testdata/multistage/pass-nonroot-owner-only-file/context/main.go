package main

import _ "github.com/go-chi/chi/v5"

func main() {}
