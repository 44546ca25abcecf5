#include "schedule/MensaScheduler.h"

#include "schedule/Timeline.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace mensa {

MensaScheduler::MensaScheduler(Objective objective, SearchOptions limits)
    : m_objective(objective)
    , m_limits(limits)
{
    m_limits.objective = objective;
    m_limits.paretoFront = objective.kind == Objective::Kind::Edp;
}

namespace {

// The lowest EDP among mappings that are cheap to find: each accelerator alone, and the
// equal-weight objective's mapping (a narrow beam is enough: any reachable EDP is a valid
// bound). The EDP search only keeps labels that can beat it.
double achievableEdp(const Model& model, const CostTable& table, SearchOptions options)
{
    options.maxStates = std::min<size_t>(options.maxStates, 1024);
    double best = std::numeric_limits<double>::infinity();
    for (const AssignmentCost& c : singleAcceleratorCosts(model, table))
        if (c.feasible)
            best = std::min(best, c.latency * c.energy);
    options.objective = Objective::weighted(0.5);
    options.paretoFront = false;
    const SearchResult weighted = searchAssignments(model, table, options);
    const Mapping& m = weighted.mappings.front(); // a scalar search returns its one optimum
    return std::min(best, m.latency * m.energy);
}

} // namespace

Mapping MensaScheduler::bestMapping(const Model& model, const CostTable& table, bool* exact) const
{
    SearchOptions options = m_limits;
    if (m_objective.kind == Objective::Kind::Edp)
        options.edpBound = achievableEdp(model, table, m_limits);
    SearchResult result = searchAssignments(model, table, options);
    if (result.mappings.empty()) { // beam or label limits dropped every mapping under the bound
        options.edpBound = 0;
        result = searchAssignments(model, table, options);
    }
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
