module example.com/notes

go 1.23

require github.com/upper/db/v4 v4.9.0

require (
	github.com/mattn/go-sqlite3 v1.14.24 // indirect
	github.com/segmentio/fasthash v1.0.3 // indirect
)
