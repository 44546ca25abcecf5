#include "dse/Explorer.h"

#include "cost/SpecValidator.h"
#include "cost/SystemLoader.h"
#include "dse/AreaModel.h"
#include "mapping/DesignRun.h"
#include "onnx/OnnxImporter.h"
#include "util/Error.h"

#include <cmath>
#include <span>

namespace mensa {

double objectiveValue(const SearchObjective& o, const PointResult& p)
{
    if (o.top1Error)
        return 100.0 - p.top1;
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
    if (space.minTop1 && p.top1 < space.minTop1->value)
        return false;
    for (const ModelMetrics& m : p.perModel) {
        if (space.maxLatencyMs && m.latency * 1e3 > space.maxLatencyMs->value)
            return false;
        if (space.maxEnergyMj && m.energy * 1e3 > space.maxEnergyMj->value)
            return false;
    }
    return true;
}

Explorer::Explorer(const SearchSpace& space, std::vector<std::shared_ptr<const Model>> models,
    MappingPolicy policy)
    : m_space(space)
    , m_models(std::move(models))
    , m_policy(std::move(policy))
{
    if (m_space.hasModelAxis() && !m_models.empty())
        throw MensaError(m_space.file, "a space with a model_axis takes no other models");
    for (const ModelVariant& v : m_space.variants)
        m_variantModels.push_back(std::make_shared<const Model>(
            importOnnxBytes(serializeVariant(v), v.name() + ".onnx")));
}

PointResult Explorer::evaluate(uint64_t index, bool simulateOverArea) const
{
    const int variant = m_space.hasModelAxis() ? m_space.choicesOf(index).front() : -1;
    return evaluateSpec(index, std::make_shared<spec::SystemSpec>(m_space.specAt(index)), variant,
        simulateOverArea);
}

PointResult Explorer::evaluateOnBase(size_t variant) const
{
    return evaluateSpec(variant, m_space.base, int(variant), false);
}

PointResult Explorer::evaluateSpec(
    uint64_t index, const SystemSpecPtr& spec, int variant, bool simulateOverArea) const
{
    PointResult point;
    point.index = index;
    try {
        validateSystem(*spec, nullptr, "");
        point.area = systemArea(*spec, m_space.processNode).total();
        if (!simulateOverArea && m_space.maxAreaMm2 && point.area > m_space.maxAreaMm2->value) {
            point.status = PointStatus::OverArea;
            return point;
        }
        simulate(point, spec, variant);
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

void Explorer::simulate(PointResult& point, const SystemSpecPtr& spec, int variant) const
{
    const AcceleratorSystem system = buildSystem(spec);
    if (variant >= 0)
        point.top1 = m_space.variants[size_t(variant)].top1;
    const std::shared_ptr<const Model>* first
        = variant >= 0 ? &m_variantModels[size_t(variant)] : m_models.data();
    const size_t count = variant >= 0 ? 1 : m_models.size();
    for (const auto& model : std::span(first, count)) {
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
