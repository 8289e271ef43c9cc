// fortune prints the first fortune of the file install() put in
// DATA_DIR, which it reads at run time.
#include <fstream>
#include <iostream>
#include <string>

int main() {
    std::ifstream in(DATA_DIR "/fortunes.txt");
    std::string line;
    if (!std::getline(in, line)) {
        std::cerr << DATA_DIR "/fortunes.txt: cannot read a fortune\n";
        return 1;
    }
    std::cout << line << "\n";
}
