#include <CLI/CLI.hpp>
#include <fmt/core.h>

int main(int argc, char** argv) {
    CLI::App app{"tally"};
    int n = 0;
    app.add_option("-n", n);
    CLI11_PARSE(app, argc, argv);
    fmt::print("{}\n", n);
}
