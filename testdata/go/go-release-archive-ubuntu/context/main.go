package main

import "fmt"

func main() { fmt.Println("relay up") }
