package add

// int two(int a, int b) { return a + b; }
import "C"

func Two(a, b int) int { return int(C.two(C.int(a), C.int(b))) }
