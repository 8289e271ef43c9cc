#include <stdio.h>
#include <libpq-fe.h>

int main(int argc, char **argv) {
	PGPing p = PQping(argc > 1 ? argv[1] : "");
	printf("%d\n", (int)p);
	return p == PQPING_OK ? 0 : 1;
}
