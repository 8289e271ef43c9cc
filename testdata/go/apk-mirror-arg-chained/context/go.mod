module example.com/transcoder

go 1.22
