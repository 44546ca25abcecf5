#pragma once

#include "cost/CostModel.h"
#include "model/Model.h"

#include <string>

namespace mensa::cli {

// `mensa schedule MODEL --system hikey970 --pipe-it`: the Pipe-it report in `format` (table,
// csv, json) or its steady-state pipeline as a Chrome / Perfetto trace (trace).
std::string renderPipeIt(
    const Model& model, const AcceleratorSystem& system, const std::string& format);

} // namespace mensa::cli
