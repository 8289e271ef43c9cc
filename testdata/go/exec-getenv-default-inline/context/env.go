package main

import "os"

// getEnv is the environment's value of key, or def when it is unset.
func getEnv(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
