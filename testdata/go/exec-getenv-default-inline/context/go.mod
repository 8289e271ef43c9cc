module example.com/changelog

go 1.23
