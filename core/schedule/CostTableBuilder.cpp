#include "schedule/CostTable.h"

#include "cost/Simulation.h"

#include <algorithm>

namespace mensa {
namespace {

CostTable tableSkeleton(const AcceleratorSystem& system)
{
    CostTable table;
    table.systemName = system.name;
    for (const auto& acc : system.accelerators)
        table.acceleratorNames.push_back(acc->name());
    for (const auto& link : system.links)
        table.linkNames.push_back(link.name);
    // A copy (shared cost models) keeps the table valid after the caller's system is gone.
    auto copy = std::make_shared<const AcceleratorSystem>(system);
    table.transfer
        = [copy](int from, int to, double bytes) { return copy->transfer(from, to, bytes); };
    table.linkIndex = [copy](int from, int to) { return copy->linkIndex(from, to); };
    return table;
}

// Parameter bytes each accelerator keeps resident under a residency plan.
std::vector<double> residentBytes(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, const std::vector<EvaluationContext>& plan)
{
    std::vector<double> used(system.accelerators.size(), 0.0);
    for (size_t i = 0; i < model.layers.size(); ++i)
        if (plan[i].parameters == EvaluationContext::Residency::Resident)
            used[assignment[i]] += double(model.layers[i].metrics.paramBytes);
    return used;
}

} // namespace

CostTable buildCostTable(
    const Model& model, const AcceleratorSystem& system, const Objective& objective)
{
    EvaluationContext alone;
    alone.objective = objective;
    CostTable table = tableSkeleton(system);
    table.cells.reserve(model.layers.size() * system.accelerators.size());
    for (const auto& layer : model.layers)
        for (const auto& acc : system.accelerators)
            table.cells.push_back(acc->evaluateIn(layer, alone));
    return table;
}

CostTable buildCostTable(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& residencyAssignment, const Objective& objective)
{
    CostTable table = tableSkeleton(system);
    table.placement = planResidency(model, system, residencyAssignment);
    const std::vector<EvaluationContext>& plan = table.placement;
    const std::vector<double> used = residentBytes(model, system, residencyAssignment, plan);
    table.cells.reserve(model.layers.size() * system.accelerators.size());
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& layer = model.layers[i];
        for (int a = 0; a < int(system.accelerators.size()); ++a) {
            const CostModel& acc = *system.accelerators[a];
            EvaluationContext ctx = plan[i];
            ctx.objective = objective;
            if (a != residencyAssignment[i]) { // moved here: competes for what the mapping leaves
                                               // free
                double room = std::max(0.0, acc.parameterCapacity() - used[a]);
                bool fits = double(layer.metrics.paramBytes) <= room;
                ctx.parameters = fits ? EvaluationContext::Residency::Resident
                                      : EvaluationContext::Residency::Streamed;
                ctx.stagingBytes = room;
                ctx.onHost = false, ctx.hostInputBytes = 0; // the fallback was the other one's
            }
            table.cells.push_back(acc.evaluateIn(layer, ctx));
        }
    }
    return table;
}

} // namespace mensa
