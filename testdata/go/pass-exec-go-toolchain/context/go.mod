module example.com/benchd

go 1.23
