#pragma once

#include "cost/CostModel.h"
#include "cost/SpecParser.h"

#include <string>

namespace mensa {

// The cost model variant for one accelerator, chosen by its dataflow:
// a gpu block -> GpuCostModel, a dla block -> DlaCostModel, a cpu block ->
// CpuClusterCostModel, ROW_STATIONARY -> RowStationaryCostModel, any systolic dataflow ->
// SystolicCostModel.
CostModelPtr makeCostModel(AcceleratorSpecPtr spec);

// A system of cost models and links from a validated spec.
AcceleratorSystem buildSystem(const SystemSpecPtr& spec);

// Loads a built-in spec by name (edge_tpu, eyeriss_v2, mensa) or a spec file (either an
// AcceleratorSpec or a SystemSpec) and builds its system; throws MensaError on bad input.
AcceleratorSystem loadSystem(const std::string& nameOrPath);

} // namespace mensa
