// Command agent reports how it was built: a position-independent
// executable, linked without cgo.
package main

import (
	"fmt"
	"runtime/debug"
)

func main() {
	info, _ := debug.ReadBuildInfo()
	for _, s := range info.Settings {
		if s.Key == "-buildmode" || s.Key == "CGO_ENABLED" {
			fmt.Printf("%s=%s\n", s.Key, s.Value)
		}
	}
}
