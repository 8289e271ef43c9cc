#include <math.h>
#include <stdio.h>
int main(){printf("%f",sqrt(2));}
