module example.com/reminder

go 1.22
