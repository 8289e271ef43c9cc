module example.com/apidoc

go 1.22

require golang.org/x/tools v0.24.0
