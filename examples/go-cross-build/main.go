// Command where prints the platform it was built for: the Dockerfile
// cross-compiles on the build platform for the target one.
package main

import (
	"fmt"
	"runtime"
)

func main() { fmt.Printf("built for %s/%s\n", runtime.GOOS, runtime.GOARCH) }
