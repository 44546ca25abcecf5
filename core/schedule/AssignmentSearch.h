#pragma once

#include "cost/Objective.h"
#include "schedule/CostTable.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mensa {

struct SearchOptions {
    Objective objective = Objective::latency(); // scalar objectives; see paretoFront for EDP
    // Keep the (latency, energy) Pareto set of partial mappings per state instead of the one
    // best for the objective: gives the whole front, from which EDP is picked exactly.
    bool paretoFront = false;
    size_t maxStates = 16384; // live-tensor states per layer before beam pruning
    size_t maxLabels = 256; // Pareto labels per state before thinning
    size_t maxLabelsPerLayer = 4096; // Pareto labels over all states of a layer (memory bound)
    // > 0 (Pareto mode): drop labels whose EDP cannot end under this achievable EDP. The lowest
    // EDP stays exact; the front returned is then only its part that can end under the bound,
    // and it may be empty when beam or label limits dropped the mappings that could.
    double edpBound = 0;
};

struct Mapping {
    std::vector<int> assignment; // accelerator per layer
    double latency = 0; // serial: layer + transfer seconds
    double energy = 0;
};

// "pascal:12 pavlov:3": layers per accelerator (names in table order), for the reports.
std::string layerCounts(const Mapping& m, const std::vector<std::string>& names);

struct SearchResult {
    // Scalar objective: the optimum only. Pareto mode: the front sorted by latency.
    std::vector<Mapping> mappings;
    bool exact = true; // false when beam pruning or label thinning happened
    size_t peakStates = 0; // largest live-tensor state count met
    double latencyScale = 1; // L0 and E0 of the weighted objective (see Objective.h)
    double energyScale = 1;
};

// Dynamic programming over the layers in model (topological) order. The state before a
// layer is, for every live tensor (produced earlier, consumed by this layer or a later one),
// the accelerator that produced it and the accelerators it has already been sent to; a
// transfer is paid the first time a tensor is needed on another accelerator. Exact while
// the state count stays under maxStates (always for chains); beyond, the cheapest states
// are kept (beam) and exact becomes false. Throws MensaError when some layer runs nowhere.
SearchResult searchAssignments(
    const Model& model, const CostTable& table, const SearchOptions& options);

// Each accelerator alone running every layer, in table order (infeasible where one cannot).
std::vector<AssignmentCost> singleAcceleratorCosts(const Model& model, const CostTable& table);

// Lowest serial latency and lowest energy over the single-accelerator mappings that can run
// every layer (per-layer minima when none can): the scales of the weighted objective.
std::pair<double, double> singleAcceleratorScales(const Model& model, const CostTable& table);

} // namespace mensa
