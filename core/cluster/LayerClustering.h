#pragma once

#include "cluster/KMeans.h"
#include "cluster/LayerFeatures.h"
#include "cluster/Silhouette.h"

#include <string>
#include <vector>

namespace mensa {

struct ClusterOptions {
    int k = 0; // 0: choose k in [kMin, kMax] by the highest mean silhouette
    int kMin = 2;
    int kMax = 8;
    bool allLayers = false; // compute layers only unless set
    KMeansOptions kmeans;
    SilhouetteOptions silhouette;
};

struct LayerCluster {
    FeatureVector centroidStandardized {};
    FeatureVector centroidOriginal {}; // back through the z-score and log10(1+x)
    std::vector<int> members; // indices into ClusterReport::layers
    double meanSilhouette = 0;
};

// Clusters of the layers of one or more models; clusters are numbered by their first member.
struct ClusterReport {
    std::vector<std::string> modelNames;
    std::vector<LayerRef> layers;
    std::vector<FeatureVector> raw;
    StandardizedFeatures features;
    int k = 0;
    bool kChosenBySilhouette = false;
    std::vector<std::pair<int, double>> silhouetteByK; // candidates tried when choosing k
    std::vector<int> labels; // cluster of each layer
    std::vector<double> silhouette; // per layer
    double meanSilhouette = 0;
    double inertia = 0;
    std::vector<LayerCluster> clusters;
    std::vector<std::vector<double>> sharePerModel; // [model][cluster]: fraction of its layers
};

// Throws MensaError when no layer qualifies or the options are out of range.
ClusterReport clusterLayers(
    const std::vector<const Model*>& models, const ClusterOptions& options = {});

// The same on a prepared sample (benchmarks and tests feed synthetic layers this way).
ClusterReport clusterSample(
    const LayerSample& sample, int modelCount, const ClusterOptions& options);

} // namespace mensa
