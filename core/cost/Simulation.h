#pragma once

#include "cost/CostModel.h"
#include "model/Model.h"

#include <string>
#include <vector>

namespace mensa {

// A whole model on one accelerator or on a system with a fixed layer assignment.
struct ModelCost {
    std::string model;
    std::string system; // accelerator or system name
    std::vector<LayerCost> layers;
    std::vector<int> assignment; // accelerator index per layer (all 0 on one accelerator)
    std::vector<EvaluationContext> placement; // parameter residency used per layer
    EnergyBreakdown energy; // layers only; transfers are in transferJoules
    TrafficBreakdown traffic;
    StorageAccesses levels; // summed over the layers, named generically (toString(StorageLevel))
    double transferSeconds = 0;
    double transferJoules = 0;
    double latency = 0; // seconds per inference: the makespan of the schedule
    double inferencesPerSecond = 0;
    double energyPerInference = 0; // joules, layers + transfers
    double topsPerWatt = 0; // 2 * MACs / energy
    double averageUtilization = 0; // time-weighted layer utilization (= MACs / peak / time)
    double macs = 0;
    double residentParameterBytes = 0;
    double streamedParameterBytes = 0; // parameters fetched from memory every inference
    int unmappedLayers = 0;
};

// Bytes of the model's inputs a layer reads and of its outputs the layer writes
// (EvaluationContext::hostTensorBytes).
double hostTensorBytes(const Model& model, const Layer& layer);

// Parameters of all layers compete for each accelerator's parameter buffer: greedy in
// layer order, a layer stays resident when its parameters fit the space left; the others
// stream every inference and stage in whatever space remains. Layers an accelerator's compiler
// leaves to the host (from its first host-only operator on) are marked onHost and hold no
// parameter space.
std::vector<EvaluationContext> planResidency(
    const Model& model, const AcceleratorSystem& system, const std::vector<int>& assignment);

// Simulates every layer of a model on one accelerator (runAssignment in mapping/DesignRun.h:
// the same path as every other result).
ModelCost simulate(const Model& model, const CostModel& accelerator);

// Simulates a model on a system with a given accelerator per layer, each layer mapped onto
// its array for `objective`; a tensor produced on one accelerator and consumed on another
// crosses the link between them once.
ModelCost simulateAssignment(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, const Objective& objective = Objective::defaults());

} // namespace mensa
