package main

import (
	"fmt"

	"github.com/ebitengine/purego"
)

func main() {
	libc, err := purego.Dlopen("libc.so.6", purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		panic(err)
	}
	var getpid func() int32
	purego.RegisterLibFunc(&getpid, libc, "getpid")
	fmt.Println("pid", getpid())
}
