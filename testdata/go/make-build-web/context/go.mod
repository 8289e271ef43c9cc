module snippetbox.example

go 1.21
