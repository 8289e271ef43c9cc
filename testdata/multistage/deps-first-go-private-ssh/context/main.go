package main

import "github.com/acme/ledger"

func main() { ledger.Serve(":8080") }
