// Command motd prints the banner the image's build wrote.
package main

import (
	"fmt"
	"os"
)

func main() {
	b, err := os.ReadFile("/usr/local/share/motd/banner.txt")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Print("banner: ", string(b))
}
