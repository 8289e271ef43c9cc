#include <iostream>
#include <string>

int main() {
    std::string who = "world";
    std::cout << "hello, " << who << "\n";
}
