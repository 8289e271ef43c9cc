package main

import "os"

func main() { _, _ = os.ReadFile("data/index.json") }
