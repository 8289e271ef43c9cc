// Command lookup uses the net package, which links glibc when it is built
// with cgo on; whether it is depends on a branch of the build's RUN.
package main

import (
	"fmt"
	"net"
)

func main() {
	addrs, err := net.LookupHost("localhost")
	if err != nil {
		fmt.Println("lookup failed:", err)
		return
	}
	fmt.Println("localhost has", len(addrs) > 0, "addresses")
}
