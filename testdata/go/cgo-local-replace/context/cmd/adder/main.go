package main

import "example.com/cadd/add"

func main() { println(add.Two(1, 2)) }
