#pragma once

#include "cluster/KMeans.h"

#include <cstdint>
#include <vector>

namespace mensa {

struct SilhouetteOptions {
    // Up to this many points every point is compared with every other (exact).
    int exactLimit = 2000;
    // Above it, mean distances to each cluster are estimated against a reference sample of
    // about this many points, stratified by cluster (each cluster keeps at least
    // min(size, 32) points), drawn with `seed`.
    int sampleSize = 1000;
    uint64_t seed = kDefaultClusterSeed;
};

// Silhouette of every point: (b - a) / max(a, b) with a the mean distance to its own
// cluster and b the lowest mean distance to another cluster; 0 for singleton clusters or
// when there is a single non-empty cluster. `points` is row-major n x dims.
std::vector<double> silhouette(const std::vector<double>& points, int dims,
    const std::vector<int>& labels, int k, const SilhouetteOptions& options = {});

// Mean silhouette for choosing k: exact up to exactLimit points, else the mean over the
// stratified reference sample only (sample x sample distances), which keeps k selection fast.
double meanSilhouetteEstimate(const std::vector<double>& points, int dims,
    const std::vector<int>& labels, int k, const SilhouetteOptions& options = {});

double mean(const std::vector<double>& values);

} // namespace mensa
