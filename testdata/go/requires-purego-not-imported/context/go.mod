module example.com/api

go 1.22

require github.com/go-chi/chi/v5 v5.1.0

require github.com/ebitengine/purego v0.8.4 // indirect
