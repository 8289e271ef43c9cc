module example.com/reporter

go 1.23
