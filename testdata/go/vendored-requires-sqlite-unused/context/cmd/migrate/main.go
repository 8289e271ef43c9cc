package main

import (
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

func main() { sql.Open("sqlite3", "/data/shop.db") }
