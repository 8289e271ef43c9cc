package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
)

// migrationsDir is the share folder of the installation: beside bin/,
// wherever the binary is linked from.
func migrationsDir() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(exe), "..", "share", "migrations"), nil
}

func main() {
	dir, err := migrationsDir()
	if err != nil {
		log.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Fatalf("migrations: %v", err)
	}
	fmt.Println(len(entries), "migrations in", dir)
}
