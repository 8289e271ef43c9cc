// Command cgoadd calls C: it must keep cgo and so a glibc runtime.
package main

/*
#include <stdio.h>
static int add(int a, int b) { return a + b; }
static void hello(void) { printf("hello from C\n"); fflush(stdout); }
*/
import "C"

import "fmt"

func main() {
	C.hello()
	fmt.Println("2 + 3 =", C.add(2, 3))
}
