#include <stdio.h>
#include "count.h"
int main(int argc, char **argv) { printf("%d\n", argc > 1 ? count_words(argv[1]) : 0); return 0; }
