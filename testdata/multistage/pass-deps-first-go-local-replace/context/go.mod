module example.com/api

go 1.22

replace example.com/lib => ./lib
