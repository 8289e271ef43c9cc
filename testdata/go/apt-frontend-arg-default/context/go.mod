module example.com/graphsvc

go 1.22
