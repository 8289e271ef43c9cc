module app

go 1.14
