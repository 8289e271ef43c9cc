#include <fstream>
#include <iostream>

int main(int argc, char **argv) { std::ifstream in(argv[1]); std::cout << in.rdbuf(); }
