#include "schedule/ResidencyAwareScheduling.h"

#include <algorithm>

namespace mensa {

Schedule scheduleWithResidency(const Scheduler& scheduler, const Model& model,
    const AcceleratorSystem& system, int rounds, const Objective& objective, CostTable* lastTable)
{
    CostTable table = buildCostTable(model, system, objective);
    Schedule s = scheduler.schedule(model, table);
    for (int round = 1; round < std::max(2, rounds); ++round) {
        table = buildCostTable(model, system, s.assignment, objective);
        Schedule next = scheduler.schedule(model, table);
        bool stable = next.assignment == s.assignment;
        s = std::move(next);
        if (stable) {
            s.notes.push_back("parameter residency planned for this mapping ("
                + std::to_string(round + 1) + " rounds)");
            if (lastTable)
                *lastTable = std::move(table);
            return s;
        }
    }
    s.residencyConverged = false;
    if (lastTable)
        *lastTable = std::move(table);
    s.notes.push_back("parameter residency re-planned " + std::to_string(std::max(2, rounds))
        + " times without a fixed point: costs follow the last mapping's plan only approximately");
    return s;
}

} // namespace mensa
