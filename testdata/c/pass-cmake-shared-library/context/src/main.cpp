#include <iostream>
int tile_count();
int main() { std::cout << tile_count() << " tiles\n"; }
