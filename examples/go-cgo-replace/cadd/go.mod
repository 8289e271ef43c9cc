module example.com/cadd

go 1.22
