#include <ncurses.h>
int main(void){initscr();printw("hi");refresh();endwin();return 0;}
