// Command netlookup uses the net package, which links glibc when it is
// built with cgo on: the example that shows why the rewrite turns cgo off.
package main

import (
	"fmt"
	"net"
	"sort"
)

func main() {
	addrs, err := net.LookupHost("localhost")
	if err != nil {
		fmt.Println("lookup failed:", err)
		return
	}
	sort.Strings(addrs)
	fmt.Println("localhost is", addrs)
	_, network, _ := net.ParseCIDR("192.0.2.0/24")
	fmt.Println("192.0.2.7 in", network, "=", network.Contains(net.ParseIP("192.0.2.7")))
}
