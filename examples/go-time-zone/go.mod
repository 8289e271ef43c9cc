module example.com/standup

go 1.22
