/* count prints how many words a file holds, and the first one. */
#include <stdio.h>

int main(int argc, char **argv) {
	FILE *f = fopen(argc > 1 ? argv[1] : "data/words.txt", "r");
	if (!f) {
		perror("open");
		return 1;
	}
	char w[64], first[64] = "";
	int n = 0;
	while (fscanf(f, "%63s", w) == 1) {
		if (n++ == 0) {
			snprintf(first, sizeof first, "%s", w);
		}
	}
	printf("%d words, the first is %s\n", n, first);
	return 0;
}
