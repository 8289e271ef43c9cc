module example.com/app

go 1.22

require example.com/db v0.0.0
