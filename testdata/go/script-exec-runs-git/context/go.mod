module example.com/changes

go 1.23

require github.com/bitfield/script v0.23.0
