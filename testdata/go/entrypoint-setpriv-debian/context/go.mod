module s
go 1.22
