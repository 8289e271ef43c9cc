package main

func main() { println("working") }
