package main

// int twice(int x) { return 2 * x; }
import "C"

func main() { println(C.twice(2)) }
