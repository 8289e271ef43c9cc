package main

//go:generate stringer -type=Color
type Color int

func main() {}
