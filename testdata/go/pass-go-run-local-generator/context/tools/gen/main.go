package main

import "os"

func main() { os.MkdirAll("data", 0o755); os.WriteFile("data/index.json", []byte("{}"), 0o644) }
