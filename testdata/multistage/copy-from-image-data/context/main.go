package main

import (
	"fmt"
	"os"
)

func main() {
	_, err := os.Stat("/usr/share/GeoIP/GeoLite2-Country.mmdb")
	fmt.Println(err == nil)
}
