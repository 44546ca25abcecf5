#include "schedule/MensaScheduler.h"

#include "schedule/Timeline.h"

#include <algorithm>

namespace mensa {

MensaScheduler::MensaScheduler(Objective objective, SearchOptions limits)
    : m_objective(objective)
    , m_limits(limits)
{
    m_limits.objective = objective;
    m_limits.paretoFront = objective.kind == Objective::Kind::Edp;
}

Mapping MensaScheduler::bestMapping(const Model& model, const CostTable& table, bool* exact) const
{
    SearchResult result = searchAssignments(model, table, m_limits);
    if (exact)
        *exact = result.exact;
    if (m_objective.kind != Objective::Kind::Edp)
        return result.mappings.front();
    // The lowest product lies on the Pareto front: a dominated mapping has a larger one.
    return *std::min_element(
        result.mappings.begin(), result.mappings.end(), [](const Mapping& a, const Mapping& b) {
            return a.latency * a.energy < b.latency * b.energy;
        });
}

Schedule MensaScheduler::schedule(const Model& model, const CostTable& table) const
{
    bool exact = true;
    Mapping best = bestMapping(model, table, &exact);
    Schedule s = buildTimeline(model, table, best.assignment, "mensa:" + m_objective.toString());
    s.optimal = exact;
    if (!exact)
        s.notes.push_back(
            "the assignment search hit its state or Pareto-label limits (docs/scheduling.md): the "
            "mapping may not be optimal");
    return s;
}

} // namespace mensa
