#include "session/AnalysisResults.h"

namespace mensa {

int DesignResult::acceleratorOf(int layer) const
{
    const auto& assignment = schedule.assignment;
    if (layer < 0 || layer >= static_cast<int>(assignment.size()))
        return 0;
    return assignment[layer];
}

const LayerCost* DesignResult::chosenCost(int layer) const
{
    int acc = acceleratorOf(layer);
    if (acc < 0 || acc >= static_cast<int>(layerCosts.size()))
        return nullptr;
    const auto& costs = layerCosts[acc];
    if (layer < 0 || layer >= static_cast<int>(costs.size()))
        return nullptr;
    return &costs[layer];
}

const DesignResult* ModelAnalysis::design(const std::string& name) const
{
    for (const auto& d : designs)
        if (d.design == name)
            return &d;
    return nullptr;
}

} // namespace mensa
