// Command backup bundles a repository and sends it to the backup host.
package main

import (
	"log"
	"os"

	"example.com/backup/internal/shell"
)

func main() {
	repo, host := os.Args[1], os.Args[2]
	if err := shell.Run("git", "-C", repo, "bundle", "create", "/tmp/repo.bundle", "--all"); err != nil {
		log.Fatal(err)
	}
	if err := shell.Run("scp", "/tmp/repo.bundle", host+":backups/"); err != nil {
		log.Fatal(err)
	}
}
