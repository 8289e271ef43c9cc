// Command quotes prints the quotes compiled into it: the rewrite must not
// copy the folder they come from.
package main

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed messages
var messages embed.FS

func main() {
	fs.WalkDir(messages, "messages", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := messages.ReadFile(p)
			fmt.Print(string(b))
		}
		return nil
	})
}
