package main

import "os"

func main() { println(os.Args[1:]) }
