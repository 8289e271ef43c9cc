package main

func main() { println(pageSize()) }
