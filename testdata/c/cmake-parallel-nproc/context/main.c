#include <stdio.h>
int main(void) { puts("the: 3"); return 0; }
