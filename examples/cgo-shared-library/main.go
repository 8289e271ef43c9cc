package main

// #cgo LDFLAGS: -lgreet
// #include <greet.h>
import "C"

import "fmt"

func main() {
	fmt.Println(C.GoString(C.greeting()))
}
