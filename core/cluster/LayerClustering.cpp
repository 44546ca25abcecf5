#include "cluster/LayerClustering.h"

#include "util/Error.h"

#include <algorithm>
#include <numeric>

namespace mensa {
namespace {

constexpr int kDims = kLayerFeatureCount;

void checkOptions(const ClusterOptions& options)
{
    if (options.k < 0 || options.k > 64)
        throw MensaError("", "k must be between 1 and 64 (got " + std::to_string(options.k) + ")");
    if (options.kMin < 2 || options.kMax < options.kMin)
        throw MensaError("", "the k range must satisfy 2 <= kMin <= kMax");
}

// Renumbers clusters by their first member so output is stable and readable.
void renumberByFirstMember(KMeansResult& result)
{
    std::vector<int> order(result.k, -1);
    int next = 0;
    for (int& label : result.labels) {
        if (order[label] < 0)
            order[label] = next++;
    }
    for (int c = 0; c < result.k; ++c)
        if (order[c] < 0)
            order[c] = next++;
    std::vector<double> centroids(result.centroids.size());
    for (int c = 0; c < result.k; ++c)
        std::copy_n(
            &result.centroids[size_t(c) * kDims], kDims, &centroids[size_t(order[c]) * kDims]);
    result.centroids = std::move(centroids);
    for (int& label : result.labels)
        label = order[label];
}

KMeansResult chooseK(
    const std::vector<double>& pts, const ClusterOptions& options, ClusterReport& report)
{
    const int n = int(pts.size() / kDims);
    if (options.k > 0) {
        report.k = std::min(options.k, n);
        return kmeans(pts, kDims, report.k, options.kmeans);
    }
    const int kMax = std::min(options.kMax, n - 1);
    if (kMax < options.kMin) { // too few layers to compare partitions
        report.k = 1;
        return kmeans(pts, kDims, 1, options.kmeans);
    }
    KMeansResult best;
    double bestScore = -2;
    for (int k = options.kMin; k <= kMax; ++k) {
        KMeansResult r = kmeans(pts, kDims, k, options.kmeans);
        double score = meanSilhouetteEstimate(pts, kDims, r.labels, k, options.silhouette);
        report.silhouetteByK.emplace_back(k, score);
        if (score > bestScore + 1e-12) {
            bestScore = score;
            best = std::move(r);
        }
    }
    report.k = best.k;
    report.kChosenBySilhouette = true;
    return best;
}

void describeClusters(const KMeansResult& result, int modelCount, ClusterReport& report)
{
    report.clusters.assign(report.k, {});
    for (int c = 0; c < report.k; ++c) {
        LayerCluster& cluster = report.clusters[c];
        std::copy_n(
            &result.centroids[size_t(c) * kDims], kDims, cluster.centroidStandardized.begin());
        cluster.centroidOriginal = report.features.toOriginalUnits(cluster.centroidStandardized);
    }
    std::vector<int> layersPerModel(modelCount, 0);
    report.sharePerModel.assign(modelCount, std::vector<double>(report.k, 0.0));
    for (int i = 0; i < int(report.labels.size()); ++i) {
        LayerCluster& cluster = report.clusters[report.labels[i]];
        cluster.members.push_back(i);
        cluster.meanSilhouette += report.silhouette[i];
        ++layersPerModel[report.layers[i].model];
        report.sharePerModel[report.layers[i].model][report.labels[i]] += 1;
    }
    for (auto& cluster : report.clusters)
        if (!cluster.members.empty())
            cluster.meanSilhouette /= double(cluster.members.size());
    for (int m = 0; m < modelCount; ++m)
        for (double& share : report.sharePerModel[m])
            share = layersPerModel[m] ? share / layersPerModel[m] : 0.0;
}

} // namespace

ClusterReport clusterSample(
    const LayerSample& sample, int modelCount, const ClusterOptions& options)
{
    checkOptions(options);
    if (sample.raw.empty())
        throw MensaError("",
            options.allLayers ? "no layers to cluster"
                              : "no compute layers to cluster (try --all-layers)");
    ClusterReport report;
    report.layers = sample.refs;
    report.raw = sample.raw;
    report.features = standardize(sample.raw);
    KMeansResult result = chooseK(report.features.values, options, report);
    renumberByFirstMember(result);
    report.labels = result.labels;
    report.inertia = result.inertia;
    report.silhouette
        = silhouette(report.features.values, kDims, report.labels, report.k, options.silhouette);
    report.meanSilhouette = mean(report.silhouette);
    describeClusters(result, modelCount, report);
    return report;
}

ClusterReport clusterLayers(const std::vector<const Model*>& models, const ClusterOptions& options)
{
    ClusterReport report
        = clusterSample(collectLayers(models, options.allLayers), int(models.size()), options);
    for (const Model* m : models)
        report.modelNames.push_back(m->name);
    return report;
}

} // namespace mensa
