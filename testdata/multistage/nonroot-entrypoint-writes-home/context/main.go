package main

import (
	"os"
	"path/filepath"
)

func main() {
	dir, err := os.UserCacheDir()
	if err != nil {
		panic(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "notes"), 0o755); err != nil {
		panic(err)
	}
}
