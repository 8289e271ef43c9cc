// greet prints a greeting and the folder of the libstdc++ it runs with,
// so that a rewrite which loads another one shows in its output.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main() {
    std::vector<std::string> words{"hello", "from", "C++"};
    std::string line;
    for (const auto& w : words) line += (line.empty() ? "" : " ") + w;
    std::ifstream maps("/proc/self/maps");
    std::string lib = "unknown";
    for (std::string m; std::getline(maps, m);) {
        auto at = m.find('/');
        if (at != std::string::npos && m.find("libstdc++.so") != std::string::npos) {
            std::string file = m.substr(at);
            lib = file.substr(0, file.rfind('/'));
            break;
        }
    }
    std::cout << line << ", libstdc++ from " << lib << "\n";
}
