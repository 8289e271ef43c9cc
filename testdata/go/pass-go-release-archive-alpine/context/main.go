package main

import "fmt"

func main() { fmt.Println("beacon up") }
