// Command lister prints the files of the folder it is given, as a file
// server would serve them.
package main

import (
	"fmt"
	"io/fs"
	"os"
)

func main() {
	err := fs.WalkDir(os.DirFS(os.Args[1]), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			fmt.Println(p)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
}
