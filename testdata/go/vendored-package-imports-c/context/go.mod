module example.com/checksum

go 1.22

require github.com/acme/fastcrc v0.3.1
