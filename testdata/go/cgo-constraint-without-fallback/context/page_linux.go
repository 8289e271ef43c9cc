//go:build linux && cgo

package main

// #include <unistd.h>
import "C"

func pageSize() int { return int(C.getpagesize()) }
