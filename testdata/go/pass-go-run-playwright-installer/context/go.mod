module example.com/shots

go 1.22
