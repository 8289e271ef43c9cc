package main

// #cgo pkg-config: libxml-2.0
// #include <libxml/parser.h>
import "C"

func main() { C.xmlInitParser() }
