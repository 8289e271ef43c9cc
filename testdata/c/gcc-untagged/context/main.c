#include <stdio.h>
#include <stdlib.h>

int main(void) {
	const char *n = getenv("COUNT");
	long count = n ? strtol(n, NULL, 10) : 3;
	for (long i = 0; i < count; i++)
		printf("tick %ld\n", i);
	return 0;
}
