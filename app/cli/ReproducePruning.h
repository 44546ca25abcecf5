#pragma once
// The pruning section of `mensa reproduce` (issue 14): kept apart from ReproduceCommand.cpp so
// that the other systems' sections merge beside it.
#include "CliArgs.h"

#include <string>

namespace mensa::cli {

// Runs the pruning study (study/PruningReproduction.h) and writes DIR/pruning.csv and
// DIR/pruning.md; the CPU design is --pruning-cpu (default edge_tpu until a CPU model such as
// hikey970 exists), the systolic one the study's Edge TPU. MensaError on bad input; the
// filesystem's errors on a failed write. Returns the Markdown section.
std::string writePruningSection(const std::string& dir, const CliArgs& args);

} // namespace mensa::cli
