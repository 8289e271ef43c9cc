module example.com/pid

go 1.22

require github.com/ebitengine/purego v0.8.4
