module example.com/drop

go 1.22
