#pragma once

#include "CliArgs.h"
#include "mapping/DesignRun.h"
#include "mapping/MappingPolicy.h"

#include <string>
#include <vector>

namespace mensa::cli {

// --objective latency|energy|edp|weighted:W (default: the default policy, edp) and, where a
// command allows it, --pipeline N: every command that maps layers takes them the same way.
const std::vector<std::string>& policyOptions();
// MensaError naming the bad value.
MappingPolicy policyFromArgs(const CliArgs& args);

// Lines for the head of a report: the policy, the residency plan and any caveat of a run.
std::vector<std::string> runHeaderLines(const DesignRun& run);
// The same as "# " comment lines (CSV) ending in a newline.
std::string runHeaderComment(const DesignRun& run);

} // namespace mensa::cli
