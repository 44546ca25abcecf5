#pragma once
// The help of `mensa explore`: shown by mensa itself and by mensa-explore, which runs it.
#include <string>
#include <vector>

namespace mensa::cli {

const char* exploreSummary();
const char* exploreUsage();
std::vector<std::string> exploreFlags(); // options that take no value

} // namespace mensa::cli
