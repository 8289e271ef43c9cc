// Command checksum prints the CRC of its standard input.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/acme/fastcrc"
)

func main() {
	data, _ := io.ReadAll(os.Stdin)
	fmt.Println(fastcrc.Sum(data))
}
