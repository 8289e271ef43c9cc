#include <cpr/cpr.h>
#include <nlohmann/json.hpp>
#include <iostream>

int main() {
    auto r = cpr::Get(cpr::Url{"https://wttr.in/?format=j1"});
    std::cout << nlohmann::json::parse(r.text)["current_condition"][0]["temp_C"] << "\n";
}
