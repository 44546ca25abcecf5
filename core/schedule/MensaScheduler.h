#pragma once

#include "cost/Objective.h"
#include "schedule/AssignmentSearch.h"
#include "schedule/Scheduler.h"

namespace mensa {

// Mensa's runtime policy: one accelerator per layer, weighing each accelerator's fit for
// the layer against the cost of moving tensors between accelerators (AssignmentSearch).
// EDP, not a sum over layers, is minimised exactly over the (latency, energy) Pareto front.
class MensaScheduler : public Scheduler {
public:
    explicit MensaScheduler(Objective objective, SearchOptions limits = {});
    Schedule schedule(const Model& model, const CostTable& table) const override;
    // The assignment search alone (no timeline), for the explorer and tests.
    Mapping bestMapping(const Model& model, const CostTable& table, bool* exact = nullptr) const;

private:
    Objective m_objective;
    SearchOptions m_limits;
};

} // namespace mensa
