// tally counts the words of the file named on its command line, as a
// student's exercise does; the container compiled it when it started.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: tally FILE\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot open " << argv[1] << "\n";
        return 1;
    }
    auto words = std::distance(std::istream_iterator<std::string>(in), std::istream_iterator<std::string>());
    std::cout << argv[1] << ": " << words << " words\n";
}
