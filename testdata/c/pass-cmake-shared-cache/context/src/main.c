int sample(void);
int report(int);
int main(void) { return report(sample()) - 1; }
