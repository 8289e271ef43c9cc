/* proverb prints the first proverb of the file make install put in
   DATADIR, which it reads at run time. */
#include <stdio.h>

int main(void) {
	char line[256];
	FILE *f = fopen(DATADIR "/proverbs.txt", "r");
	if (f == NULL) {
		perror(DATADIR "/proverbs.txt");
		return 1;
	}
	if (fgets(line, sizeof line, f) != NULL) {
		fputs(line, stdout);
	}
	fclose(f);
	return 0;
}
