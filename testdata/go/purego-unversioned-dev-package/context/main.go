package main

import (
	"fmt"

	"github.com/ebitengine/purego"
)

func main() {
	// Not the soname (libsodium.so.23): the -dev package's symlink.
	lib, err := purego.Dlopen("libsodium.so", purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		panic(err)
	}
	var sodiumInit func() int32
	purego.RegisterLibFunc(&sodiumInit, lib, "sodium_init")
	fmt.Println("sodium_init:", sodiumInit())
}
