module example.com/docsync

go 1.22
