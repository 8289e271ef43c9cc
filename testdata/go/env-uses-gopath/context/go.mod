module github.com/acme/user-backend

go 1.22
