module example.com/pastebin

go 1.22
