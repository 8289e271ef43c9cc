#include <stdio.h>
int reading(void);
int main(void) { printf("%d\n", reading()); return 0; }
