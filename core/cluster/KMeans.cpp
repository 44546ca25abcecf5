#include "cluster/KMeans.h"

#include "cluster/Vectorize.h"

#include "util/Error.h"

#include <algorithm>
#include <limits>
#include <random>

namespace mensa {
namespace {

double squaredDistance(const double* a, const double* b, int dims)
{
    double sum = 0;
    for (int j = 0; j < dims; ++j)
        sum += (a[j] - b[j]) * (a[j] - b[j]);
    return sum;
}

// Index of the first point whose cumulative weight exceeds target (weights sum to total).
size_t pickWeighted(const std::vector<double>& weights, double target)
{
    double cumulative = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
        cumulative += weights[i];
        if (cumulative > target)
            return i;
    }
    return weights.size() - 1;
}

std::vector<double> seedPlusPlus(
    const std::vector<double>& pts, int dims, int k, std::mt19937_64& rng)
{
    const size_t n = pts.size() / dims;
    std::vector<double> centroids;
    centroids.reserve(size_t(k) * dims);
    size_t first = size_t(unitInterval(rng()) * n);
    centroids.insert(centroids.end(), &pts[first * dims], &pts[first * dims] + dims);
    std::vector<double> d2(n, std::numeric_limits<double>::max());
    for (int c = 1; c < k; ++c) {
        const double* last = &centroids[size_t(c - 1) * dims];
        double total = 0;
        for (size_t i = 0; i < n; ++i) {
            d2[i] = std::min(d2[i], squaredDistance(&pts[i * dims], last, dims));
            total += d2[i];
        }
        // All remaining points coincide with a centroid: any point will do.
        size_t next = total > 0 ? pickWeighted(d2, unitInterval(rng()) * total)
                                : size_t(unitInterval(rng()) * n);
        centroids.insert(centroids.end(), &pts[next * dims], &pts[next * dims] + dims);
    }
    return centroids;
}

// Points by feature (column-major) so the assignment loop runs over points and vectorises.
struct Columns {
    std::vector<std::vector<double>> col;
    explicit Columns(const std::vector<double>& pts, int dims)
        : col(dims, std::vector<double>(pts.size() / dims))
    {
        for (size_t i = 0; i < pts.size() / dims; ++i)
            for (int j = 0; j < dims; ++j)
                col[j][i] = pts[i * dims + j];
    }
};

MENSA_VECTORIZE void nearest(const Columns& pts, int k, const std::vector<double>& centroids,
    std::vector<double>& best, std::vector<int>& nearestC)
{
    const int dims = int(pts.col.size());
    const size_t n = best.size();
    std::vector<double> d(n);
    for (int c = 0; c < k; ++c) {
        std::fill(d.begin(), d.end(), 0.0);
        for (int j = 0; j < dims; ++j) {
            const double cj = centroids[size_t(c) * dims + j];
            const double* x = pts.col[j].data();
            for (size_t i = 0; i < n; ++i)
                d[i] += (x[i] - cj) * (x[i] - cj);
        }
        for (size_t i = 0; i < n; ++i) {
            bool closer = c == 0 || d[i] < best[i];
            best[i] = closer ? d[i] : best[i];
            nearestC[i] = closer ? c : nearestC[i];
        }
    }
}

// Assigns each point to its nearest centroid; returns whether any label changed.
bool assign(const Columns& pts, int k, const std::vector<double>& centroids,
    std::vector<int>& labels, double& inertia)
{
    const size_t n = labels.size();
    std::vector<double> best(n);
    std::vector<int> nearestC(n);
    nearest(pts, k, centroids, best, nearestC);
    bool changed = false;
    inertia = 0;
    for (size_t i = 0; i < n; ++i) {
        changed |= labels[i] != nearestC[i];
        labels[i] = nearestC[i];
        inertia += best[i];
    }
    return changed;
}

// Moves centroids to the mean of their members; an empty cluster keeps its centroid.
void update(const std::vector<double>& pts, int dims, int k, const std::vector<int>& labels,
    std::vector<double>& centroids)
{
    std::vector<double> sums(size_t(k) * dims, 0.0);
    std::vector<int> counts(k, 0);
    for (size_t i = 0; i < labels.size(); ++i) {
        ++counts[labels[i]];
        for (int j = 0; j < dims; ++j)
            sums[size_t(labels[i]) * dims + j] += pts[i * dims + j];
    }
    for (int c = 0; c < k; ++c)
        if (counts[c] > 0)
            for (int j = 0; j < dims; ++j)
                centroids[size_t(c) * dims + j] = sums[size_t(c) * dims + j] / counts[c];
}

KMeansResult runOnce(const std::vector<double>& pts, const Columns& columns, int dims, int k,
    int maxIterations, std::mt19937_64& rng)
{
    KMeansResult r;
    r.k = k;
    r.dims = dims;
    r.centroids = seedPlusPlus(pts, dims, k, rng);
    r.labels.assign(pts.size() / dims, -1);
    while (r.iterations < maxIterations) {
        ++r.iterations;
        if (!assign(columns, k, r.centroids, r.labels, r.inertia))
            break;
        update(pts, dims, k, r.labels, r.centroids);
    }
    if (r.iterations == maxIterations) // labels and inertia must match the final centroids
        assign(columns, k, r.centroids, r.labels, r.inertia);
    return r;
}

} // namespace

KMeansResult kmeans(
    const std::vector<double>& points, int dims, int k, const KMeansOptions& options)
{
    const size_t n = dims > 0 ? points.size() / dims : 0;
    if (dims <= 0 || k < 1 || size_t(k) > n)
        throw MensaError("",
            "k-means needs 1 <= k <= number of points (k = " + std::to_string(k)
                + ", points = " + std::to_string(n) + ")");
    std::mt19937_64 rng(options.seed);
    const Columns columns(points, dims);
    KMeansResult best;
    for (int r = 0; r < std::max(1, options.restarts); ++r) {
        KMeansResult run
            = runOnce(points, columns, dims, k, std::max(1, options.maxIterations), rng);
        if (r == 0 || run.inertia < best.inertia)
            best = std::move(run);
    }
    return best;
}

} // namespace mensa
