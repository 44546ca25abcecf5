#pragma once

#include "dse/SearchSpace.h"
#include "mapping/MappingPolicy.h"
#include "model/Model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mensa {

// Latency (s) and energy (J) of one model on one point.
struct ModelMetrics {
    double latency = 0;
    double energy = 0;
};

enum class PointStatus {
    Evaluated, // simulated: metrics set
    Invalid, // the spec validator refused the point (never simulated)
    OverArea // larger than the area bound (never simulated)
};

// One point of a space, evaluated. Over the models: latency and energy are sums, edp the sum
// of each model's latency x energy, power the energy over the latency.
struct PointResult {
    uint64_t index = 0;
    PointStatus status = PointStatus::Evaluated;
    std::string problem; // why a point is invalid
    double area = 0; // mm^2
    double latency = 0;
    double energy = 0;
    double edp = 0;
    double power = 0;
    double top1 = 0; // co-design: the point's model variant's top-1 accuracy [%]
    std::vector<ModelMetrics> perModel;
    bool feasible = false; // evaluated and within every constraint
};

// Value of `objective` at an evaluated point (latency, energy and area in s, J, mm^2).
double objectiveValue(const SearchObjective& objective, const PointResult& point);
// Whether an evaluated point meets the space's constraints (latency and energy bound every
// model).
bool meetsConstraints(const SearchSpace& space, const PointResult& point);

// Evaluates points of a space: applies the axis values to the base spec, validates, and runs
// every model on the design through runOnDesign under one mapping policy. With a model axis the
// model is the point's variant (the given models must then be empty).
class Explorer {
public:
    Explorer(const SearchSpace& space, std::vector<std::shared_ptr<const Model>> models,
        MappingPolicy policy = MappingPolicy::defaults());

    // Never throws for a bad point: such a point comes back Invalid with the reason. A point
    // over the area bound comes back OverArea unsimulated unless `simulateOverArea` (a search
    // that needs the objective beyond the bound to steer by).
    PointResult evaluate(uint64_t index, bool simulateOverArea = false) const;
    // Co-design's model-only search: the base spec unchanged with variant `variant` of the model
    // axis (index and status as evaluate gives them; index is the variant's number).
    PointResult evaluateOnBase(size_t variant) const;
    const SearchSpace& space() const { return m_space; }
    const std::vector<std::shared_ptr<const Model>>& models() const { return m_models; }
    const MappingPolicy& policy() const { return m_policy; }

private:
    PointResult evaluateSpec(
        uint64_t index, const SystemSpecPtr& spec, int variant, bool simulateOverArea) const;
    void simulate(PointResult& point, const SystemSpecPtr& spec, int variant) const;

    const SearchSpace& m_space;
    std::vector<std::shared_ptr<const Model>> m_models;
    std::vector<std::shared_ptr<const Model>> m_variantModels; // one per model-axis variant
    MappingPolicy m_policy;
};

} // namespace mensa
