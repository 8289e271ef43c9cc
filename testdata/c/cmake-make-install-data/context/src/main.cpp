#include <fstream>
#include <iostream>
#include <string>

int main() {
    std::ifstream in(DATA_DIR "/phrases.txt");
    std::string line;
    if (!std::getline(in, line)) {
        std::cerr << "no phrases in " DATA_DIR "\n";
        return 1;
    }
    std::cout << line << "\n";
}
