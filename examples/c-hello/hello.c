/* A C program linked against glibc: its rewrite keeps a glibc runtime. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
	const char *greeting = getenv("GREETING");
	char cwd[256];
	if (getcwd(cwd, sizeof cwd) == NULL) {
		return 1;
	}
	printf("%s from C in %s\n", greeting ? greeting : "Hello", cwd);
	return 0;
}
