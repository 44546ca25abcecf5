#include "mapping/DesignRun.h"

#include "samples/SampleReadme.h"
#include "schedule/MensaScheduler.h"
#include "schedule/PipelineScheduler.h"
#include "schedule/ResidencyAwareScheduling.h"
#include "schedule/Timeline.h"
#include "util/Error.h"

namespace mensa {
namespace {

void checkAssignment(
    const Model& model, const AcceleratorSystem& system, const std::vector<int>& assignment)
{
    if (system.accelerators.empty())
        throw MensaError(system.name, "the design has no accelerator");
    if (assignment.size() != model.layers.size())
        throw MensaError(model.name,
            "assignment has " + std::to_string(assignment.size()) + " entries for "
                + std::to_string(model.layers.size()) + " layers");
    for (int a : assignment)
        if (a < 0 || a >= int(system.accelerators.size()))
            throw MensaError(model.name,
                "assignment names accelerator " + std::to_string(a) + " of a system with "
                    + std::to_string(system.accelerators.size()));
}

void addLayer(ModelCost& cost, const LayerCost& layer, double paramBytes)
{
    cost.energy += layer.energy;
    cost.traffic.dramBytes += layer.traffic.dramBytes;
    cost.traffic.bufferBytes += layer.traffic.bufferBytes;
    cost.traffic.arrayBytes += layer.traffic.arrayBytes;
    cost.traffic.registerBytes += layer.traffic.registerBytes;
    cost.traffic.nocBytes += layer.traffic.nocBytes;
    cost.traffic.hostLinkBytes += layer.traffic.hostLinkBytes;
    cost.levels += layer.levels;
    cost.averageUtilization += layer.utilization * layer.seconds;
    (layer.parametersOnChip ? cost.residentParameterBytes : cost.streamedParameterBytes)
        += paramBytes;
    if (!layer.mapped)
        ++cost.unmappedLayers;
    cost.layers.push_back(layer);
}

// The totals of a timed mapping; the schedule's energy is set to the same sum so the two agree.
// The table was costed under the residency plan of the schedule's assignment.
ModelCost summarise(
    const Model& model, const AcceleratorSystem& system, const CostTable& table, Schedule& schedule)
{
    ModelCost cost;
    cost.model = model.name;
    cost.system = system.name;
    cost.assignment = schedule.assignment;
    cost.placement = table.placement;
    cost.layers.reserve(model.layers.size());
    for (int l = 0; l < kStorageLevelCount; ++l)
        cost.levels.levels[l].name = toString(StorageLevel(l));
    double layerSeconds = 0;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const LayerCost& layer = table.at(int(i), schedule.assignment[i]);
        addLayer(cost, layer, double(model.layers[i].metrics.paramBytes));
        layerSeconds += layer.seconds;
        cost.macs += double(model.layers[i].metrics.macs);
    }
    for (const auto& e : schedule.events)
        if (e.transfer && e.inference == 0)
            cost.transferSeconds += e.end - e.start;
    cost.transferJoules = schedule.transferJoules;
    cost.averageUtilization = layerSeconds > 0 ? cost.averageUtilization / layerSeconds : 0;
    cost.latency = schedule.latency;
    cost.inferencesPerSecond = schedule.throughput;
    cost.energyPerInference = cost.energy.total() + cost.transferJoules;
    schedule.energy = cost.energyPerInference;
    cost.topsPerWatt
        = cost.energyPerInference > 0 ? 2.0 * cost.macs / cost.energyPerInference / 1e12 : 0;
    return cost;
}

Schedule searchSchedule(const Model& model, const AcceleratorSystem& system,
    const MappingPolicy& policy, CostTable& lastTable)
{
    if (policy.pipelineStages > 0)
        return scheduleWithResidency(PipelineScheduler(policy.pipelineStages), model, system,
            policy.residencyRounds, policy.objective, &lastTable);
    return scheduleWithResidency(MensaScheduler(policy.objective, policy.limits), model, system,
        policy.residencyRounds, policy.objective, &lastTable);
}

} // namespace

DesignRun runAssignment(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& assignment, const std::string& strategy, const Objective& objective)
{
    checkAssignment(model, system, assignment);
    DesignRun run;
    run.table = buildCostTable(model, system, assignment, objective);
    run.schedule = buildTimeline(model, run.table, assignment, strategy, 1, false);
    run.cost = summarise(model, system, run.table, run.schedule);
    return run;
}

DesignRun runOnDesign(
    const Model& model, const AcceleratorSystem& system, const MappingPolicy& policy)
{
    if (system.accelerators.empty())
        throw MensaError(system.name, "the design has no accelerator");
    if (system.accelerators.size() == 1) {
        DesignRun run = runAssignment(model, system, std::vector<int>(model.layers.size(), 0),
            "single:" + system.accelerators[0]->name(), policy.objective);
        run.policy = policy;
        run.schedule.notes = { policy.describe(), run.residencySummary() };
        return run;
    }
    DesignRun run;
    Schedule found = searchSchedule(model, system, policy, run.table);
    run.policy = policy;
    // A converged search was run on the table planned for its mapping: the one to keep.
    if (!found.residencyConverged)
        run.table = buildCostTable(model, system, found.assignment, policy.objective);
    if (policy.pipelineStages > 0) {
        run.schedule = std::move(found); // its stages were balanced on this residency plan
    }
    else {
        run.schedule = buildTimeline(model, run.table, found.assignment, found.strategy);
        run.schedule.optimal = found.optimal;
        run.schedule.residencyConverged = found.residencyConverged;
        run.schedule.notes = found.notes;
    }
    run.cost = summarise(model, system, run.table, run.schedule);
    run.schedule.notes.insert(
        run.schedule.notes.begin(), { policy.describe(), run.residencySummary() });
    return run;
}

std::vector<std::string> DesignRun::caveats() const
{
    std::vector<std::string> out;
    if (!schedule.optimal)
        out.push_back("the search hit its limits, the mapping may not be optimal");
    if (!schedule.residencyConverged)
        out.push_back("parameter residency planning found no fixed point: costs follow the last "
                      "mapping's plan only approximately");
    if (cost.unmappedLayers > 0)
        out.push_back(std::to_string(cost.unmappedLayers)
            + " layer(s) cannot be mapped: vector-path estimate");
    return out;
}

std::string DesignRun::residencySummary() const
{
    return "parameters: " + formatCount(cost.residentParameterBytes) + "B resident on chip, "
        + formatCount(cost.streamedParameterBytes) + "B streamed per inference";
}

} // namespace mensa
