module example.com/api

go 1.22

require gopkg.in/DataDog/dd-trace-go.v1 v1.64.0

require (
	github.com/DataDog/go-libddwaf/v3 v3.2.1 // indirect
	github.com/ebitengine/purego v0.6.0-alpha.5 // indirect
)
