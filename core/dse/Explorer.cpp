#include "dse/Explorer.h"

#include "cost/SpecValidator.h"
#include "cost/SystemLoader.h"
#include "dse/AreaModel.h"
#include "mapping/DesignRun.h"
#include "util/Error.h"

#include <cmath>

namespace mensa {

double objectiveValue(const SearchObjective& o, const PointResult& p)
{
    // Weights of 0 and 1 (latency, energy, edp, area): the plain product, exact to the bit.
    const auto plain = [](double w) { return w == 0 || w == 1; };
    if (plain(o.latencyWeight) && plain(o.energyWeight) && plain(o.areaWeight))
        return (o.latencyWeight == 1 ? p.latency : 1.0) * (o.energyWeight == 1 ? p.energy : 1.0)
            * (o.areaWeight == 1 ? p.area : 1.0);
    double log = 0;
    if (o.latencyWeight > 0)
        log += o.latencyWeight * std::log(p.latency);
    if (o.energyWeight > 0)
        log += o.energyWeight * std::log(p.energy);
    if (o.areaWeight > 0)
        log += o.areaWeight * std::log(p.area);
    return std::exp(log);
}

bool meetsConstraints(const SearchSpace& space, const PointResult& p)
{
    if (p.status != PointStatus::Evaluated)
        return false;
    if (space.maxAreaMm2 && p.area > space.maxAreaMm2->value)
        return false;
    if (space.maxPowerW && p.power > space.maxPowerW->value)
        return false;
    if (space.maxLatencyMs)
        for (const ModelMetrics& m : p.perModel)
            if (m.latency * 1e3 > space.maxLatencyMs->value)
                return false;
    return true;
}

Explorer::Explorer(const SearchSpace& space, std::vector<std::shared_ptr<const Model>> models,
    MappingPolicy policy)
    : m_space(space)
    , m_models(std::move(models))
    , m_policy(std::move(policy))
{
}

PointResult Explorer::evaluate(uint64_t index, bool simulateOverArea) const
{
    PointResult point;
    point.index = index;
    auto spec = std::make_shared<spec::SystemSpec>(m_space.specAt(index));
    try {
        validateSystem(*spec, nullptr, "");
        point.area = systemArea(*spec, m_space.processNode).total();
        if (!simulateOverArea && m_space.maxAreaMm2 && point.area > m_space.maxAreaMm2->value) {
            point.status = PointStatus::OverArea;
            return point;
        }
        simulate(point, spec);
    }
    catch (const MensaError& e) {
        point = PointResult {};
        point.index = index;
        point.status = PointStatus::Invalid;
        point.problem = e.what();
        return point;
    }
    point.feasible = meetsConstraints(m_space, point);
    return point;
}

void Explorer::simulate(PointResult& point, const SystemSpecPtr& spec) const
{
    const AcceleratorSystem system = buildSystem(spec);
    for (const auto& model : m_models) {
        const DesignRun run = runOnDesign(*model, system, m_policy);
        const ModelMetrics m { run.cost.latency, run.cost.energyPerInference };
        point.perModel.push_back(m);
        point.latency += m.latency;
        point.energy += m.energy;
        point.edp += m.latency * m.energy;
    }
    point.power = point.latency > 0 ? point.energy / point.latency : 0;
}

} // namespace mensa
