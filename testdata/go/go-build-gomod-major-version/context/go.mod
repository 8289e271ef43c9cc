module github.com/acme/tool/v3

go 1.22
