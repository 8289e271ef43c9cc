package main

import "example.com/db"

func main() { db.Open() }
