module example.com/bundler

go 1.22
