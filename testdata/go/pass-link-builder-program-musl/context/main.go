package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	n := 0
	for s := bufio.NewScanner(os.Stdin); s.Scan(); n++ {
	}
	fmt.Println(n, "lines")
}
