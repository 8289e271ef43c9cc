package main

import (
	"fmt"
	"time"
)

func main() { fmt.Println("started at", time.Now().Local().Format(time.RFC3339)) }
