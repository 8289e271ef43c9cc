module example.com/previewd

go 1.23
