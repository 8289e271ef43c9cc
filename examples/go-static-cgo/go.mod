module example.com/stamp

go 1.22
