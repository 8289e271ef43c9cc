int area(int, int); int main(void) { return area(1, 0); }
