package main

import "example.com/store"

func main() { store.Open() }
