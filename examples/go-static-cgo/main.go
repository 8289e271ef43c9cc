// Command stamp is pure Go, but its Dockerfile links it static with the
// external linker (-linkmode external -extldflags -static), the way
// projects link a program that may call C to run anywhere: the go
// command refuses that link with cgo off, so the rewrite must keep cgo.
package main

import (
	"fmt"
	"os/user"
)

func main() {
	u, err := user.LookupId("0")
	if err != nil {
		fmt.Println("no user 0:", err)
		return
	}
	fmt.Println("stamped for", u.Username)
}
