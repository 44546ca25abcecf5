#pragma once

#include "cost/Simulation.h"
#include "mapping/MappingPolicy.h"
#include "schedule/CostTable.h"
#include "schedule/Schedule.h"

#include <string>
#include <vector>

namespace mensa {

// A model run on one design: the one result every view, command and figure shows. The cost,
// the schedule and the per-accelerator table come from the same mapping and the same
// parameter-residency plan, so they agree exactly: cost.latency is the schedule's makespan
// and cost.energyPerInference the schedule's energy.
struct DesignRun {
    MappingPolicy policy;
    CostTable table; // every layer on every accelerator, under the mapping's residency plan
    Schedule schedule; // timed layers and transfers
    ModelCost cost; // per-layer costs of the chosen accelerators and the totals

    // Caveats to show beside the figures (search limits hit, residency not at a fixed point).
    std::vector<std::string> caveats() const;
    // One line: parameter bytes resident on chip and streamed every inference.
    std::string residencySummary() const;
};

// Maps a model onto a design under a policy, plans parameter residency for that mapping,
// costs every layer under the plan and lays the layers out in time. MensaError when the
// system is empty or no accelerator can run some layer of a multi-accelerator system.
DesignRun runOnDesign(const Model& model, const AcceleratorSystem& system,
    const MappingPolicy& policy = MappingPolicy::defaults());

// The same for a fixed assignment (no search), each layer mapped onto its array for
// `objective`. Layers that cannot be mapped keep their vector-path estimate and are counted
// in cost.unmappedLayers.
DesignRun runAssignment(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, const std::string& strategy,
    const Objective& objective = Objective::defaults());

} // namespace mensa
