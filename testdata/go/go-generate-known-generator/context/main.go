package main

import _ "example.com/api/graph"

func main() {}
