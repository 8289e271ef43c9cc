package main

import "os"

func main() { os.ReadFile("/etc/app/app.conf") }
