module example.com/notes-api

go 1.22
