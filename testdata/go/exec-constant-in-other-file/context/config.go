package main

import "time"

// Settings shared by the sync loop.
const (
	gitBinary = "git"
	interval  = 10 * time.Minute
)
