module example.com/dockersh

go 1.12
