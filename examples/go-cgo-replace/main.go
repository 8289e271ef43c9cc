// Command sum adds its arguments with a C function from a package of its
// own module tree (replaced in go.mod): nothing in the Dockerfile says cgo,
// yet the program needs it, so the rewrite must keep cgo and glibc.
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/cadd"
)

func main() {
	total := 0
	for _, a := range os.Args[1:] {
		n, err := strconv.Atoi(a)
		if err != nil {
			fmt.Fprintln(os.Stderr, "not a number:", a)
			os.Exit(2)
		}
		total = cadd.Add(total, n)
	}
	fmt.Println("sum:", total)
}
