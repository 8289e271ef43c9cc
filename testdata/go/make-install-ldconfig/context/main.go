package main

// #cgo LDFLAGS: -lfoo
// int foo(void);
import "C"
import "fmt"

func main() { fmt.Println(C.foo()) }
