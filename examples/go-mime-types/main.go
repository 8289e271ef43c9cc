// Command typer names the media type of each file an upload would store,
// as an object store client does before it puts the file, and refuses a
// file it cannot type.
package main

import (
	"fmt"
	"mime"
	"os"
	"path/filepath"
)

func main() {
	for _, name := range []string{"font.woff2", "README.md", "book.epub"} {
		ext := filepath.Ext(name)
		t := mime.TypeByExtension(ext)
		if t == "" {
			fmt.Fprintf(os.Stderr, "%s: no media type for %s\n", name, ext)
			os.Exit(1)
		}
		fmt.Printf("%s: %s\n", name, t)
	}
}
