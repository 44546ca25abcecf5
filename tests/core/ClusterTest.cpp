#include "cluster/ClusterComparison.h"
#include "cluster/KMeans.h"
#include "cluster/LayerClustering.h"
#include "cluster/Silhouette.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mensa;

namespace {

// Gaussian blobs around `centers` (dims each), `perBlob` points each, fixed seed.
std::vector<double> blobs(const std::vector<std::vector<double>>& centers, int perBlob,
    double spread, std::vector<int>* truth, uint64_t seed = 7)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, spread);
    std::vector<double> pts;
    for (int c = 0; c < int(centers.size()); ++c)
        for (int i = 0; i < perBlob; ++i) {
            for (double x : centers[c])
                pts.push_back(x + noise(rng));
            if (truth)
                truth->push_back(c);
        }
    return pts;
}

const std::vector<std::vector<double>> kCenters5d
    = { { 0, 0, 0, 0, 0 }, { 10, 0, 0, 0, 0 }, { 0, 10, 0, 10, 0 }, { 0, 0, 10, 0, 10 } };

// Centers that differ in every feature whatever the prefix taken, so that z-scoring does
// not blow pure-noise features up to the size of the signal.
const std::vector<std::vector<double>> kLayerCenters
    = { { 0, 0, 0, 0, 0 }, { 10, 10, 10, 10, 10 }, { 0, 10, 0, 10, 0 }, { 10, 0, 10, 0, 10 } };

// Layers whose log-scaled features form blobs: raw = 10^(center + noise) - 1.
LayerSample layerBlobs(int blobsCount, int perBlob, std::vector<int>* truth)
{
    std::vector<std::vector<double>> centers(
        kLayerCenters.begin(), kLayerCenters.begin() + blobsCount);
    for (auto& c : centers)
        for (double& x : c)
            x = 1 + x * 0.4;
    std::vector<double> logs = blobs(centers, perBlob, 0.1, truth);
    LayerSample sample;
    for (size_t i = 0; i < logs.size() / kLayerFeatureCount; ++i) {
        FeatureVector f {};
        for (int j = 0; j < kLayerFeatureCount; ++j)
            f[j] = std::pow(10.0, logs[i * kLayerFeatureCount + j]) - 1;
        sample.raw.push_back(f);
        sample.refs.push_back({ int(i % 2), int(i) });
    }
    return sample;
}

double naiveSilhouette(
    const std::vector<double>& pts, int dims, const std::vector<int>& labels, int k, int i)
{
    std::vector<double> sum(k, 0);
    std::vector<int> count(k, 0);
    for (int j = 0; j < int(labels.size()); ++j) {
        if (j == i)
            continue;
        double d = 0;
        for (int t = 0; t < dims; ++t)
            d += (pts[i * dims + t] - pts[j * dims + t]) * (pts[i * dims + t] - pts[j * dims + t]);
        sum[labels[j]] += std::sqrt(d);
        ++count[labels[j]];
    }
    if (count[labels[i]] == 0)
        return 0;
    double a = sum[labels[i]] / count[labels[i]], b = 1e300;
    for (int c = 0; c < k; ++c)
        if (c != labels[i] && count[c])
            b = std::min(b, sum[c] / count[c]);
    return (b - a) / std::max(a, b);
}

Layer computeLayer(LayerKind kind, int64_t macs, int64_t paramBytes, int64_t act)
{
    Layer l;
    l.kind = kind;
    l.name = std::string(toString(kind)) + std::to_string(macs);
    l.metrics.macs = l.metrics.macsPerStep = macs;
    l.metrics.params = l.metrics.paramBytes = paramBytes;
    l.metrics.inputActBytes = act / 2;
    l.metrics.outputActBytes = act / 2;
    l.metrics.flopPerByte = 2.0 * macs / double(paramBytes + act);
    l.metrics.paramReuse = paramBytes ? double(macs) / paramBytes : 0;
    return l;
}

} // namespace

TEST(KMeans, SameInputSameResult)
{
    std::vector<double> pts = blobs(kCenters5d, 50, 3.0, nullptr);
    KMeansResult a = kmeans(pts, 5, 4), b = kmeans(pts, 5, 4);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.centroids, b.centroids);
    EXPECT_EQ(a.inertia, b.inertia);
    KMeansOptions firstOnly;
    firstOnly.restarts = 1; // the same seed's first restart: the best of four is no worse
    EXPECT_GE(kmeans(pts, 5, 4, firstOnly).inertia, a.inertia);
}

TEST(KMeans, RecoversWellSeparatedBlobs)
{
    std::vector<int> truth;
    std::vector<double> pts = blobs(kCenters5d, 40, 0.5, &truth);
    KMeansResult r = kmeans(pts, 5, 4);
    PartitionAgreement agreement = comparePartitions(r.labels, 4, truth, 4);
    EXPECT_DOUBLE_EQ(agreement.adjustedRandIndex, 1.0);
    EXPECT_DOUBLE_EQ(agreement.purity, 1.0);
    EXPECT_THROW(kmeans(pts, 5, 0), MensaError);
    EXPECT_THROW(kmeans(std::vector<double>(10, 0.0), 5, 3), MensaError);
}

TEST(KMeans, ToleratesDuplicatePoints)
{
    std::vector<double> pts(5 * 20, 1.0); // 20 identical points, k = 3
    KMeansResult r = kmeans(pts, 5, 3);
    EXPECT_EQ(r.labels.size(), 20u);
    EXPECT_DOUBLE_EQ(r.inertia, 0.0);
}

TEST(Silhouette, ExactMatchesTheDefinition)
{
    std::vector<int> truth;
    std::vector<double> pts = blobs(kCenters5d, 15, 4.0, &truth);
    truth[3] = 1; // a misplaced point gets a negative score
    std::vector<double> s = silhouette(pts, 5, truth, 4);
    for (int i = 0; i < int(truth.size()); ++i)
        EXPECT_NEAR(s[i], naiveSilhouette(pts, 5, truth, 4, i), 1e-5); // float distances
    EXPECT_LT(s[3], 0);
}

TEST(Silhouette, SampledEstimateIsCloseToExact)
{
    std::vector<int> truth;
    std::vector<double> pts = blobs(kCenters5d, 750, 4.0, &truth);
    SilhouetteOptions exact;
    exact.exactLimit = 100000;
    SilhouetteOptions sampled;
    sampled.exactLimit = 500;
    sampled.sampleSize = 400;
    double reference = mean(silhouette(pts, 5, truth, 4, exact));
    EXPECT_NEAR(mean(silhouette(pts, 5, truth, 4, sampled)), reference, 0.02);
    EXPECT_NEAR(meanSilhouetteEstimate(pts, 5, truth, 4, sampled), reference, 0.03);
}

TEST(LayerClustering, SilhouettePicksTheNumberOfBlobs)
{
    for (int k = 2; k <= 4; ++k) {
        std::vector<int> truth;
        ClusterReport r = clusterSample(layerBlobs(k, 30, &truth), 2, {});
        EXPECT_TRUE(r.kChosenBySilhouette);
        EXPECT_EQ(r.k, k);
        EXPECT_EQ(r.silhouetteByK.size(), 7u);
        EXPECT_DOUBLE_EQ(comparePartitions(r.labels, r.k, truth, k).adjustedRandIndex, 1.0);
        EXPECT_GT(r.meanSilhouette, 0.8);
    }
}

TEST(LayerClustering, ReportsCentroidsMembersAndShares)
{
    std::vector<int> truth;
    LayerSample sample = layerBlobs(3, 20, &truth);
    ClusterOptions options;
    options.k = 3;
    ClusterReport r = clusterSample(sample, 2, options);
    EXPECT_FALSE(r.kChosenBySilhouette);
    ASSERT_EQ(r.clusters.size(), 3u);
    EXPECT_EQ(r.labels[0], 0); // numbered by first member
    size_t members = 0;
    for (const auto& c : r.clusters) {
        members += c.members.size();
        // Original-unit centroids are near the blob's raw values (10^(1 + 0.4 x) - 1).
        const FeatureVector& raw = sample.raw[c.members.front()];
        for (int f = 0; f < kLayerFeatureCount; ++f)
            EXPECT_NEAR(std::log10(1 + c.centroidOriginal[f]), std::log10(1 + raw[f]), 0.5);
    }
    EXPECT_EQ(members, sample.raw.size());
    for (const auto& shares : r.sharePerModel) {
        double sum = 0;
        for (double s : shares)
            sum += s;
        EXPECT_NEAR(sum, 1.0, 1e-12);
    }
}

TEST(LayerClustering, UsesComputeLayersUnlessAskedAndRejectsEmptyInput)
{
    Model model;
    model.name = "m";
    for (int i = 0; i < 6; ++i)
        model.layers.push_back(
            computeLayer(LayerKind::Conv, 1000000 * (i + 1), 4096 * (i + 1), 100000));
    Layer relu;
    relu.kind = LayerKind::Activation;
    model.layers.push_back(relu);
    ClusterReport compute = clusterLayers({ &model });
    EXPECT_EQ(compute.layers.size(), 6u);
    ClusterOptions all;
    all.allLayers = true;
    EXPECT_EQ(clusterLayers({ &model }, all).layers.size(), 7u);
    EXPECT_EQ(compute.modelNames, std::vector<std::string> { "m" });
    Model empty;
    empty.layers.push_back(relu);
    EXPECT_THROW(clusterLayers({ &empty }), MensaError);
    ClusterOptions bad;
    bad.k = -1;
    EXPECT_THROW(clusterLayers({ &model }, bad), MensaError);
}

TEST(LayerFeatures, RecurrentLayersUsePerStepReuse)
{
    Layer lstm = computeLayer(LayerKind::Lstm, 100 * 4096 * 1024, 4096 * 1024, 100 * 2048);
    lstm.nest.steps = 100;
    lstm.metrics.macsPerStep = 4096 * 1024;
    FeatureVector f = layerFeatures(lstm);
    EXPECT_DOUBLE_EQ(f[int(LayerFeature::ParamReuse)], 1.0);
    EXPECT_LT(f[int(LayerFeature::FlopPerByte)], 2.1);
    EXPECT_DOUBLE_EQ(f[int(LayerFeature::Macs)], 100.0 * 4096 * 1024);
}

TEST(PartitionAgreement, AdjustedRandIndexOfAKnownExample)
{
    // Hubert & Arabie ARI of {0,0,0,1,1,1} vs {0,0,1,1,2,2} is 0.2424... (= 8/33).
    PartitionAgreement a = comparePartitions({ 0, 0, 1, 1, 2, 2 }, 3, { 0, 0, 0, 1, 1, 1 }, 2);
    EXPECT_NEAR(a.adjustedRandIndex, 8.0 / 33.0, 1e-12);
    EXPECT_NEAR(a.purity, 5.0 / 6.0, 1e-12);
    EXPECT_EQ(a.contingency[1][0], 1);
    EXPECT_DOUBLE_EQ(
        comparePartitions({ 1, 1, 0, 0 }, 2, { 0, 0, 1, 1 }, 2).adjustedRandIndex, 1.0);
    EXPECT_THROW(comparePartitions({ 0 }, 1, { 0, 0 }, 1), MensaError);
}
