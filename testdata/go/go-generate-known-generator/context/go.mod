module example.com/api

go 1.23

require github.com/99designs/gqlgen v0.17.55
