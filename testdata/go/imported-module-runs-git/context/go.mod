module example.com/fetcher

go 1.22

require github.com/hashicorp/go-getter v1.7.6
