// Command gateway loads the filters it finds in a folder mounted at run
// time (each built with -buildmode=plugin) and applies them to requests.
package main

import (
	"flag"
	"log"
	"path/filepath"
	"plugin"
)

func main() {
	dir := flag.String("plugins", "plugins", "folder of filter plugins")
	flag.Parse()
	files, _ := filepath.Glob(filepath.Join(*dir, "*.so"))
	for _, f := range files {
		if _, err := plugin.Open(f); err != nil {
			log.Fatal(err)
		}
	}
}
