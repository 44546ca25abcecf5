#include "session/CoreAnalysisEngine.h"

#include "onnx/OnnxImporter.h"
#include "util/Error.h"

// The cost models, schedulers and clustering are built on separate branches; this file
// compiles whichever of them the tree has, so merge order never breaks the GUI build.
#if __has_include("cost/SystemLoader.h") && __has_include("schedule/MensaScheduler.h")
#define MENSA_HAVE_COST_AND_SCHEDULE 1
#include "cost/SystemLoader.h"
#include "schedule/CostTable.h"
#include "schedule/MensaScheduler.h"
#include "schedule/SingleAcceleratorScheduler.h"
#endif
#if __has_include("cluster/LayerClustering.h") && __has_include("cluster/FamilyClassifier.h")
#define MENSA_HAVE_CLUSTERING 1
#include "cluster/FamilyClassifier.h"
#include "cluster/LayerClustering.h"
#endif

namespace mensa {

namespace {

#ifdef MENSA_HAVE_COST_AND_SCHEDULE
// The schedulers' cost table from the session's [accelerator][layer] costs (no re-evaluation).
CostTable costTable(const AcceleratorSystem& system, const std::vector<std::vector<LayerCost>>& costs)
{
    CostTable table;
    table.systemName = system.name;
    for (const auto& acc : system.accelerators)
        table.acceleratorNames.push_back(acc->name());
    const size_t layers = costs.empty() ? 0 : costs.front().size();
    table.costs.assign(layers, std::vector<LayerCost>(costs.size()));
    for (size_t a = 0; a < costs.size(); ++a)
        for (size_t l = 0; l < layers; ++l)
            table.costs[l][a] = costs[a][l];
    auto shared = std::make_shared<AcceleratorSystem>(system);
    table.transfer = [shared](int from, int to, double bytes) { return shared->transfer(from, to, bytes); };
    for (const auto& link : system.links)
        table.linkNames.push_back(link.name);
    table.linkIndex = [shared](int from, int to) { return shared->linkIndex(from, to); };
    return table;
}
#endif

} // namespace

Model CoreAnalysisEngine::importModel(const std::string& path, const ImportOptions& options) const
{
    return importOnnxFile(path, options);
}

AcceleratorSystem CoreAnalysisEngine::loadSystem(const std::string& nameOrPath) const
{
#ifdef MENSA_HAVE_COST_AND_SCHEDULE
    return mensa::loadSystem(nameOrPath);
#elif __has_include("cost/SystemLoader.h")
    throw MensaError(nameOrPath, "this build has no layer scheduler (core/schedule)");
#else
    throw MensaError(nameOrPath, "this build has no accelerator cost models");
#endif
}

Schedule CoreAnalysisEngine::schedule(const Model& model, const AcceleratorSystem& system,
                                      const std::vector<std::vector<LayerCost>>& costs) const
{
#ifdef MENSA_HAVE_COST_AND_SCHEDULE
    const CostTable table = costTable(system, costs);
    if (system.accelerators.size() == 1)
        return SingleAcceleratorScheduler(0).schedule(model, table);
    return MensaScheduler(Objective::edp()).schedule(model, table);
#else
    (void)model;
    (void)costs;
    throw MensaError(system.name, "this build has no scheduler");
#endif
}

LayerGroups CoreAnalysisEngine::group(const Model& model) const
{
    LayerGroups groups;
    const int n = static_cast<int>(model.layers.size());
    groups.cluster.assign(n, -1);
    groups.family.assign(n, "");
#ifdef MENSA_HAVE_CLUSTERING
    try {
        const FamilyClassifier classifier = FamilyClassifier::fromFile(FamilyClassifier::defaultRulesPath());
        for (int i = 0; i < n; ++i)
            groups.family[i] = classifier.familyName(classifier.classify(model.layers[i]));
    } catch (const MensaError&) {
        // No rules file: families stay empty, the views show "(none)".
    }
    try {
        const ClusterReport report = clusterLayers({&model});
        groups.silhouette.assign(n, 0.0);
        for (size_t k = 0; k < report.layers.size(); ++k) {
            groups.cluster[report.layers[k].layer] = report.labels[k];
            if (k < report.silhouette.size())
                groups.silhouette[report.layers[k].layer] = report.silhouette[k];
        }
        for (int f = 0; f < kLayerFeatureCount; ++f)
            groups.featureNames.emplace_back(toString(static_cast<LayerFeature>(f)));
        for (int c = 0; c < report.k; ++c) {
            groups.clusterNames.push_back("Cluster " + std::to_string(c + 1));
            const auto& centroid = report.clusters[c].centroidOriginal;
            groups.centroids.emplace_back(centroid.begin(), centroid.end());
        }
    } catch (const MensaError&) {
        // Too few compute layers to cluster: layers stay unclustered.
    }
#endif
    return groups;
}

} // namespace mensa
