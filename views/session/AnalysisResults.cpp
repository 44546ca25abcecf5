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

LayerGroups LayerGroups::fromGrouping(const LayerGrouping& grouping, size_t model)
{
    LayerGroups groups;
    if (model >= grouping.clusterOf.size())
        return groups;
    groups.cluster = grouping.clusterOf[model];
    groups.silhouette = grouping.silhouette[model];
    groups.family = grouping.family[model];
    groups.familyDescriptions = grouping.familyDescriptions;
    groups.clusterNames = grouping.clusterNames;
    if (!grouping.clusters)
        return groups;
    for (int f = 0; f < kLayerFeatureCount; ++f)
        groups.featureNames.emplace_back(toString(static_cast<LayerFeature>(f)));
    for (const auto& cluster : grouping.clusters->clusters)
        groups.centroids.emplace_back(
            cluster.centroidOriginal.begin(), cluster.centroidOriginal.end());
    return groups;
}

LayerGrouping LayerGroups::toGrouping(const std::vector<LayerGroups>& perModel)
{
    LayerGrouping grouping;
    for (const LayerGroups& g : perModel) {
        grouping.clusterOf.push_back(g.cluster);
        grouping.silhouette.push_back(g.silhouette.size() == g.cluster.size()
                ? g.silhouette
                : std::vector<double>(g.cluster.size(), 0.0));
        grouping.family.push_back(g.family);
        grouping.familyDescriptions.insert(
            g.familyDescriptions.begin(), g.familyDescriptions.end());
        if (grouping.clusterNames.size() < g.clusterNames.size())
            grouping.clusterNames = g.clusterNames;
    }
    return grouping;
}

const DesignResult* ModelAnalysis::design(const std::string& name) const
{
    for (const auto& d : designs)
        if (d.design == name)
            return &d;
    return nullptr;
}

} // namespace mensa
