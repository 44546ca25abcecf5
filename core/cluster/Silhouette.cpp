#include "cluster/Silhouette.h"

#include "cluster/Vectorize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace mensa {
namespace {

// Reference points grouped by cluster: columns (SoA) for a tight distance loop.
struct Reference {
    std::vector<int> index; // point index of each reference entry
    std::vector<int> begin; // entries of cluster c: [begin[c], begin[c+1])
    std::vector<std::vector<float>> columns; // columns[j][entry]; float halves the work
};

std::vector<std::vector<int>> membersByCluster(const std::vector<int>& labels, int k)
{
    std::vector<std::vector<int>> members(k);
    for (int i = 0; i < int(labels.size()); ++i)
        members[labels[i]].push_back(i);
    return members;
}

// Stratified sample: each cluster contributes in proportion to its size.
void sampleMembers(
    std::vector<std::vector<int>>& members, const SilhouetteOptions& options, size_t n)
{
    std::mt19937_64 rng(options.seed);
    const double fraction = double(options.sampleSize) / double(n);
    for (auto& m : members) {
        size_t keep = std::max<size_t>(
            size_t(std::ceil(fraction * m.size())), std::min<size_t>(m.size(), 32));
        keep = std::min(keep, m.size());
        for (size_t i = 0; i < keep; ++i) { // partial Fisher-Yates shuffle
            size_t j = i + size_t(unitInterval(rng()) * (m.size() - i));
            std::swap(m[i], m[j]);
        }
        m.resize(keep);
        std::sort(m.begin(), m.end());
    }
}

Reference buildReference(const std::vector<double>& pts, int dims, const std::vector<int>& labels,
    int k, const SilhouetteOptions& options)
{
    auto members = membersByCluster(labels, k);
    if (labels.size() > size_t(std::max(2, options.exactLimit)))
        sampleMembers(members, options, labels.size());
    Reference ref;
    ref.columns.assign(dims, {});
    for (int c = 0; c < k; ++c) {
        ref.begin.push_back(int(ref.index.size()));
        for (int i : members[c]) {
            ref.index.push_back(i);
            for (int j = 0; j < dims; ++j)
                ref.columns[j].push_back(float(pts[size_t(i) * dims + j]));
        }
    }
    ref.begin.push_back(int(ref.index.size()));
    return ref;
}

// Distances from point p to every reference entry, into dist.
MENSA_VECTORIZE void distances(const double* p, const Reference& ref, std::vector<float>& dist)
{
    const size_t m = ref.index.size();
    float* out = dist.data();
    for (size_t e = 0; e < m; ++e)
        out[e] = 0.0f;
    for (size_t j = 0; j < ref.columns.size(); ++j) {
        const float pj = float(p[j]);
        const float* col = ref.columns[j].data();
        for (size_t e = 0; e < m; ++e)
            out[e] += (pj - col[e]) * (pj - col[e]);
    }
    for (size_t e = 0; e < m; ++e)
        out[e]
            = __builtin_sqrtf(out[e]); // the builtin inlines into the O3 loop; std::sqrt would not
}

double pointSilhouette(int i, int own, const Reference& ref, const std::vector<float>& dist,
    const std::vector<int>& clusterSize)
{
    if (clusterSize[own] <= 1)
        return 0.0;
    double a = 0, b = std::numeric_limits<double>::max();
    for (int c = 0; c < int(clusterSize.size()); ++c) {
        int lo = ref.begin[c], hi = ref.begin[c + 1];
        double sum
            = std::accumulate(dist.begin() + lo, dist.begin() + hi, 0.0); // double sum of floats
        if (c == own) {
            bool selfIncluded
                = std::binary_search(ref.index.begin() + lo, ref.index.begin() + hi, i);
            int count = hi - lo - (selfIncluded ? 1 : 0);
            a = count > 0 ? sum / count : 0.0;
        }
        else if (hi > lo) {
            b = std::min(b, sum / (hi - lo));
        }
    }
    if (b == std::numeric_limits<double>::max())
        return 0.0;
    double denom = std::max(a, b);
    return denom > 0 ? (b - a) / denom : 0.0;
}

} // namespace

std::vector<double> silhouette(const std::vector<double>& points, int dims,
    const std::vector<int>& labels, int k, const SilhouetteOptions& options)
{
    std::vector<double> result(labels.size(), 0.0);
    if (k < 2 || labels.empty())
        return result;
    Reference ref = buildReference(points, dims, labels, k, options);
    std::vector<int> clusterSize(k, 0);
    for (int l : labels)
        ++clusterSize[l];
    std::vector<float> dist(ref.index.size());
    for (int i = 0; i < int(labels.size()); ++i) {
        distances(&points[size_t(i) * dims], ref, dist);
        result[i] = pointSilhouette(i, labels[i], ref, dist, clusterSize);
    }
    return result;
}

double meanSilhouetteEstimate(const std::vector<double>& points, int dims,
    const std::vector<int>& labels, int k, const SilhouetteOptions& options)
{
    if (k < 2 || labels.size() <= size_t(std::max(2, options.exactLimit)))
        return mean(silhouette(points, dims, labels, k, options));
    Reference ref = buildReference(points, dims, labels, k, options);
    std::vector<int> clusterSize(k, 0);
    for (int l : labels)
        ++clusterSize[l];
    std::vector<float> dist(ref.index.size());
    double sum = 0;
    for (int i : ref.index) {
        distances(&points[size_t(i) * dims], ref, dist);
        sum += pointSilhouette(i, labels[i], ref, dist, clusterSize);
    }
    return ref.index.empty() ? 0.0 : sum / double(ref.index.size());
}

double mean(const std::vector<double>& values)
{
    return values.empty() ? 0.0
                          : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
}

} // namespace mensa
