package main

func main() { println(withC) }
