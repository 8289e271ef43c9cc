package main

import "example.com/uploads/internal/web"

func main() {
	web.Serve(":8080")
}
