package main

import "example.com/api/internal/store"

func main() { store.Open() }
