#pragma once

#include "cost/CostModel.h"
#include "schedule/Scheduler.h"

namespace mensa {

// Runs a scheduler on costs whose parameter residency follows the mapping it produces:
// first with every layer costed alone, then with residency planned for the mapping found,
// again until the mapping repeats or `rounds` runs are done (a fixed-point heuristic: the
// buffer competition depends on the mapping the search is choosing). The schedule's costs
// are those of the last table, so they agree with whole-model simulation of its mapping.
// Layers are mapped onto each array for `objective` (buildCostTable). `lastTable`, when given,
// receives the table the schedule was found on: when the rounds converged, its residency is
// planned for the returned mapping, so callers need not build it again.
Schedule scheduleWithResidency(const Scheduler& scheduler, const Model& model,
    const AcceleratorSystem& system, int rounds = 4,
    const Objective& objective = Objective::defaults(), CostTable* lastTable = nullptr);

} // namespace mensa
