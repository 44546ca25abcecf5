#pragma once
// Options `mensa reproduce` shares with the renderer that draws the study's figures.
#include "CliArgs.h"

#include <string>
#include <vector>

namespace mensa::cli {

// The Edge TPU, Eyeriss v2 and Mensa specs of the study: built-in names or files.
inline std::vector<std::string> studySpecs(const CliArgs& args)
{
    return { args.valueOr("edge-tpu", "edge_tpu"), args.valueOr("eyeriss", "eyeriss_v2"),
        args.valueOr("mensa", "mensa") };
}

// Every option of `mensa reproduce`.
inline std::vector<std::string> reproduceOptions()
{
    return { "out", "edge-tpu", "eyeriss", "mensa", "families", "objective", "tables-only", "help",
        "pruning-cpu" };
}

} // namespace mensa::cli
