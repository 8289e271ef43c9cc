// Command apidoc lists the exported functions of the packages in a folder.
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/packages"
)

func main() {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: os.Args[1]}, "./...")
	if err != nil {
		panic(err)
	}
	for _, p := range pkgs {
		fmt.Println(p.PkgPath)
	}
}
