module example.com/shop

go 1.23

require (
	github.com/go-chi/chi/v5 v5.1.0
	github.com/mattn/go-sqlite3 v1.14.24
)
