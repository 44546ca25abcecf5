#pragma once

#include "model/Model.h"
#include "schedule/PipeItSearch.h"

#include <string>

namespace mensa {

// The Pipe-it report of one model: stages with core allocations and times, steady-state
// throughput, and the comparison with the best single cluster and all-cores data parallelism.
std::string pipeItToTable(const PipeItReport& report, const PipeItTable& table, const Model& model);
// One row per stage of each configuration (pipe-it, best_single_cluster, data_parallel).
std::string pipeItToCsv(const PipeItReport& report, const PipeItTable& table, const Model& model);
std::string pipeItToJson(const PipeItReport& report, const PipeItTable& table, const Model& model);

} // namespace mensa
