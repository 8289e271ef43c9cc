#include <stdio.h>

#include "greet.h"

int main(int argc, char **argv) {
	printf("%s, %s, from a shared library\n", greeting(), argc > 1 ? argv[1] : "world");
	return 0;
}
