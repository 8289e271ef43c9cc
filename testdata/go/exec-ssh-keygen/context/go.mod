module example.com/gitserve

go 1.23
