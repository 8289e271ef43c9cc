// Package cadd adds in C.
package cadd

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

// Add returns a + b, computed by C.
func Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }
