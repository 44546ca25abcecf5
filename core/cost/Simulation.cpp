#include "cost/Simulation.h"

#include "util/Error.h"

#include <limits>
#include <memory>

namespace mensa {
namespace {

// Bytes moved from each predecessor living on another accelerator than `target`.
TransferCost inputTransfers(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, int layer, int target)
{
    TransferCost total;
    for (int p : model.predecessors(layer)) {
        if (p >= static_cast<int>(assignment.size()) || assignment[p] < 0)
            continue;
        auto t = system.transfer(
            assignment[p], target, double(model.layers[p].metrics.outputActBytes));
        total.seconds += t.seconds;
        total.joules += t.joules;
    }
    return total;
}

void addLayer(ModelCost& result, const LayerCost& cost)
{
    result.energy += cost.energy;
    result.traffic.dramBytes += cost.traffic.dramBytes;
    result.traffic.bufferBytes += cost.traffic.bufferBytes;
    result.traffic.arrayBytes += cost.traffic.arrayBytes;
    result.traffic.registerBytes += cost.traffic.registerBytes;
    result.traffic.nocBytes += cost.traffic.nocBytes;
    result.latency += cost.seconds;
    result.averageUtilization += cost.utilization * cost.seconds;
    if (!cost.mapped)
        ++result.unmappedLayers;
}

void finishTotals(ModelCost& result, const Model& model)
{
    for (const auto& layer : model.layers)
        result.macs += double(layer.metrics.macs);
    result.averageUtilization = result.latency > 0 ? result.averageUtilization / result.latency : 0;
    result.latency += result.transferSeconds;
    result.energyPerInference = result.energy.total() + result.transferJoules;
    result.inferencesPerSecond = result.latency > 0 ? 1.0 / result.latency : 0;
    result.topsPerWatt
        = result.energyPerInference > 0 ? 2.0 * result.macs / result.energyPerInference / 1e12 : 0;
}

} // namespace

std::vector<EvaluationContext> planResidency(
    const Model& model, const AcceleratorSystem& system, const std::vector<int>& assignment)
{
    size_t n = model.layers.size();
    std::vector<EvaluationContext> plan(n);
    std::vector<double> used(system.accelerators.size(), 0.0);
    for (size_t i = 0; i < n; ++i) {
        int a = assignment[i];
        double bytes = double(model.layers[i].metrics.paramBytes);
        if (bytes <= 0)
            continue;
        bool fits = used[a] + bytes <= system.accelerators[a]->parameterCapacity();
        plan[i].parameters = fits ? EvaluationContext::Residency::Resident
                                  : EvaluationContext::Residency::Streamed;
        if (fits)
            used[a] += bytes;
    }
    for (size_t i = 0; i < n; ++i) {
        int a = assignment[i];
        plan[i].stagingBytes = std::max(0.0, system.accelerators[a]->parameterCapacity() - used[a]);
    }
    return plan;
}

ModelCost simulate(const Model& model, const CostModel& accelerator)
{
    AcceleratorSystem system;
    system.name = accelerator.name();
    // Non-owning: the caller keeps the accelerator alive for the call.
    system.accelerators.push_back(CostModelPtr(&accelerator, [](const CostModel*) {}));
    return simulateAssignment(model, system, std::vector<int>(model.layers.size(), 0));
}

ModelCost simulateAssignment(
    const Model& model, const AcceleratorSystem& system, const std::vector<int>& assignment)
{
    if (assignment.size() != model.layers.size())
        throw MensaError(model.name,
            "assignment has " + std::to_string(assignment.size()) + " entries for "
                + std::to_string(model.layers.size()) + " layers");
    for (int a : assignment)
        if (a < 0 || a >= static_cast<int>(system.accelerators.size()))
            throw MensaError(model.name,
                "assignment names accelerator " + std::to_string(a) + " of a system with "
                    + std::to_string(system.accelerators.size()));
    ModelCost result;
    result.model = model.name;
    result.system = system.name;
    result.assignment = assignment;
    result.placement = planResidency(model, system, assignment);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const auto& layer = model.layers[i];
        LayerCost cost = system.accelerators[assignment[i]]->evaluateIn(layer, result.placement[i]);
        double params = double(layer.metrics.paramBytes);
        (cost.parametersOnChip ? result.residentParameterBytes : result.streamedParameterBytes)
            += params;
        auto t = inputTransfers(model, system, assignment, static_cast<int>(i), assignment[i]);
        result.transferSeconds += t.seconds;
        result.transferJoules += t.joules;
        addLayer(result, cost);
        result.layers.push_back(std::move(cost));
    }
    finishTotals(result, model);
    return result;
}

std::vector<int> assignBestFit(const Model& model, const AcceleratorSystem& system)
{
    std::vector<int> assignment(model.layers.size(), 0);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        double best = std::numeric_limits<double>::infinity();
        bool bestMapped = false;
        for (int a = 0; a < static_cast<int>(system.accelerators.size()); ++a) {
            LayerCost cost = system.accelerators[a]->evaluate(model.layers[i]);
            auto t = inputTransfers(model, system, assignment, static_cast<int>(i), a);
            double edp = (cost.energy.total() + t.joules) * (cost.seconds + t.seconds);
            bool better = (cost.mapped && !bestMapped) || (cost.mapped == bestMapped && edp < best);
            if (better) {
                best = edp;
                bestMapped = cost.mapped;
                assignment[i] = a;
            }
        }
    }
    return assignment;
}

} // namespace mensa
