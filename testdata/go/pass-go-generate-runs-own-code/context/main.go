package main

import "example.com/catalog/internal/catalog"

func main() { catalog.Serve() }
