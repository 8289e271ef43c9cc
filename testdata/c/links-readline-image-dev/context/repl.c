#include <readline/readline.h>
int main(void){ char *l = readline("> "); return l == 0; }
