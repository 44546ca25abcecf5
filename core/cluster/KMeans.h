#pragma once

#include <cstdint>
#include <vector>

namespace mensa {

// Seed of every random choice in clustering: the bytes of "Mensa". Same input and options
// give the same clusters on every run and platform (no std distributions are used).
constexpr uint64_t kDefaultClusterSeed = 0x4D656E7361ULL;

struct KMeansOptions {
    uint64_t seed = kDefaultClusterSeed;
    int restarts = 4; // independent k-means++ seedings; the lowest inertia wins
    int maxIterations = 100; // Lloyd iterations per restart
};

struct KMeansResult {
    int k = 0;
    int dims = 0;
    std::vector<double> centroids; // row-major k x dims
    std::vector<int> labels; // cluster of each point
    double inertia = 0; // sum of squared distances to the assigned centroid
    int iterations = 0; // Lloyd iterations of the winning restart
};

// k-means with k-means++ seeding and Lloyd iterations until no label changes.
// `points` is row-major n x dims; requires 1 <= k <= n.
KMeansResult kmeans(
    const std::vector<double>& points, int dims, int k, const KMeansOptions& options = {});

// Uniform double in [0, 1) from a 64-bit generator output (portable, unlike std distributions).
inline double unitInterval(uint64_t bits)
{
    return double(bits >> 11) * 0x1.0p-53;
}

} // namespace mensa
