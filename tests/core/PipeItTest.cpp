// Pipe-it (core/schedule/PipeItSearch): the balanced pipeline search against brute force on
// hand-made tables, a hand-worked case, the references, and the steady-state layout.
#include "CostTestModels.h"
#include "cost/SystemLoader.h"
#include "schedule/PipeItExport.h"
#include "schedule/PipeItSearch.h"
#include "study/PipeItReproduction.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

using namespace mensa;

namespace {

// A table with seconds[cluster][cores - 1][layer] filled by the caller.
PipeItTable emptyTable(const std::vector<int>& cores, int layers)
{
    PipeItTable t;
    t.systemName = "hand";
    for (size_t k = 0; k < cores.size(); ++k) {
        t.clusterNames.push_back("c" + std::to_string(k));
        t.coreTypes.push_back("T" + std::to_string(k));
        t.clusterCores.push_back(cores[k]);
        t.seconds.push_back(std::vector<std::vector<double>>(
            size_t(cores[k]), std::vector<double>(size_t(layers), 0)));
        t.energy.push_back(std::vector<std::vector<EnergyBreakdown>>(
            size_t(cores[k]), std::vector<EnergyBreakdown>(size_t(layers))));
    }
    t.dataParallelSeconds.assign(size_t(layers), 0);
    t.dataParallelEnergy.assign(size_t(layers), EnergyBreakdown {});
    return t;
}

PipeItTable randomTable(const std::vector<int>& cores, int layers, unsigned seed)
{
    PipeItTable t = emptyTable(cores, layers);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.1, 10);
    for (auto& cluster : t.seconds)
        for (auto& row : cluster)
            for (double& s : row)
                s = u(rng);
    for (double& s : t.dataParallelSeconds)
        s = u(rng);
    return t;
}

// Brute force: every sequence of stages (cluster, cores, end layer) with the cores each
// cluster has left, no memo; the lowest bottleneck.
double bruteForce(const PipeItTable& t, int first, std::vector<int> left)
{
    const int n = t.layerCount();
    if (first == n)
        return 0;
    double best = std::numeric_limits<double>::infinity();
    for (int k = 0; k < t.clusterCount(); ++k)
        for (int c = 1; c <= left[size_t(k)]; ++c)
            for (int end = first + 1; end <= n; ++end) {
                double stage = 0;
                for (int i = first; i < end; ++i)
                    stage += t.seconds[size_t(k)][size_t(c - 1)][size_t(i)];
                left[size_t(k)] -= c;
                best = std::min(best, std::max(stage, bruteForce(t, end, left)));
                left[size_t(k)] += c;
            }
    return best;
}

} // namespace

TEST(PipeItSearch, MatchesBruteForceOnRandomTables)
{
    const std::vector<std::vector<int>> shapes = { { 2, 2 }, { 3, 1 }, { 1, 2, 1 } };
    for (const auto& cores : shapes)
        for (unsigned seed = 1; seed <= 6; ++seed) {
            PipeItTable t = randomTable(cores, 6, seed);
            PipeItConfig best = searchPipeline(t);
            EXPECT_DOUBLE_EQ(best.bottleneck, bruteForce(t, 0, cores)) << "seed " << seed;
            // The configuration is a valid pipeline: contiguous, covering, within the cores.
            std::vector<int> used(cores.size(), 0);
            int next = 0;
            for (const auto& s : best.stages) {
                EXPECT_EQ(s.firstLayer, next);
                EXPECT_GT(s.endLayer, s.firstLayer);
                next = s.endLayer;
                used[size_t(s.cluster)] += s.cores;
            }
            EXPECT_EQ(next, 6);
            for (size_t k = 0; k < cores.size(); ++k)
                EXPECT_LE(used[k], cores[k]);
        }
}

// Four layers; one big core takes 1 s per layer, one little core 2 s. Big alone: 4 s. The
// best pipeline gives the little core one layer (2 s) and the big core three (3 s): 3 s, so
// throughput 1/3 against 1/4: +33.3%. The data-parallel run is set to 1.25 s per layer (5 s).
TEST(PipeItSearch, HandWorkedTwoClusterCase)
{
    PipeItTable t = emptyTable({ 1, 1 }, 4);
    t.seconds[0][0] = { 1, 1, 1, 1 };
    t.seconds[1][0] = { 2, 2, 2, 2 };
    t.dataParallelSeconds = { 1.25, 1.25, 1.25, 1.25 };
    PipeItReport r = runPipeIt(t);
    EXPECT_DOUBLE_EQ(r.pipeline.bottleneck, 3);
    EXPECT_DOUBLE_EQ(r.pipeline.latency, 5);
    ASSERT_EQ(r.pipeline.stages.size(), 2u);
    EXPECT_DOUBLE_EQ(r.bestSingleCluster.bottleneck, 4);
    EXPECT_EQ(r.bestSingleCluster.label, "c0 x1");
    EXPECT_DOUBLE_EQ(r.dataParallel.bottleneck, 5);
    EXPECT_NEAR(r.gainOverSingleCluster, 4.0 / 3 - 1, 1e-12);
    EXPECT_NEAR(r.gainOverDataParallel, 5.0 / 3 - 1, 1e-12);
    EXPECT_NEAR(r.gainOverBest, 4.0 / 3 - 1, 1e-12);
}

// Two cores of one cluster may form two stages: with times 1 s per layer on one core and
// 0.8 s on two, four layers give one 2-core stage 3.2 s, two 1-core stages 2 s each.
TEST(PipeItSearch, SplitsOneClusterIntoSeveralStages)
{
    PipeItTable t = emptyTable({ 2 }, 4);
    t.seconds[0][0] = { 1, 1, 1, 1 };
    t.seconds[0][1] = { 0.8, 0.8, 0.8, 0.8 };
    PipeItConfig best = searchPipeline(t);
    EXPECT_DOUBLE_EQ(best.bottleneck, 2);
    EXPECT_EQ(best.label, "c0 x1 | c0 x1");
}

// The steady-state layout: no overlap on a stage, and inferences finish one bottleneck apart.
TEST(PipeItSearch, ScheduleReachesTheSteadyStateInterval)
{
    PipeItTable t = emptyTable({ 1, 1 }, 4);
    t.seconds[0][0] = { 1, 1, 1, 1 };
    t.seconds[1][0] = { 2, 2, 2, 2 };
    Model model;
    model.name = "hand";
    for (int i = 0; i < 4; ++i) {
        Layer l;
        l.name = "l" + std::to_string(i);
        model.layers.push_back(l);
    }
    PipeItConfig best = searchPipeline(t);
    Schedule s = pipeItSchedule(model, t, best, 6);
    ASSERT_EQ(s.resources.size(), 2u);
    std::vector<double> finish(6, 0);
    for (const auto& a : s.events) {
        finish[size_t(a.inference)] = std::max(finish[size_t(a.inference)], a.end);
        for (const auto& b : s.events)
            if (&a != &b && a.resource == b.resource) {
                EXPECT_TRUE(a.end <= b.start || b.end <= a.start);
            }
    }
    for (int m = 2; m < 6; ++m)
        EXPECT_DOUBLE_EQ(finish[size_t(m)] - finish[size_t(m - 1)], 3);
    EXPECT_DOUBLE_EQ(s.throughput, 1.0 / 3);
}

// On the built-in HiKey 970 with a CNN: every cluster and core count predicted, the pipeline
// never slower than either reference (both are configurations the search could pick, or not
// faster than the best single cluster's), and the reports name both clusters.
TEST(PipeItSearch, Hikey970OnACnn)
{
    Model model = testmodels::resNet50();
    AcceleratorSystem hikey = loadSystem("hikey970");
    PipeItTable t = buildPipeItTable(model, hikey);
    ASSERT_EQ(t.clusterCount(), 2);
    EXPECT_EQ(t.seconds[0].size(), 4u);
    EXPECT_EQ(t.layerCount(), int(model.layers.size()));
    PipeItReport r = runPipeIt(t);
    EXPECT_GE(r.pipeline.throughput, r.bestSingleCluster.throughput);
    EXPECT_GT(r.pipeline.throughput, 0);
    std::string table = pipeItToTable(r, t, model);
    EXPECT_NE(table.find("a73"), std::string::npos) << table;
    EXPECT_NE(table.find("+39%"), std::string::npos) << table;
    // Not a CPU system: refused in one line.
    EXPECT_THROW(buildPipeItTable(model, loadSystem("edge_tpu")), MensaError);
}

// The reproduce section takes the CNNs only and states the paper's figure and the gap.
TEST(PipeItStudy, CnnsOnlyWithThePaperFigureBeside)
{
    std::vector<StudyModel> models = { { "CNN", testmodels::mobileNetV2(96) },
        { "LSTM", testmodels::lstmModel("lstm", 4, 64, 64, 1, 100) } };
    std::vector<PipeItStudyRow> rows = pipeItStudy(models, loadSystem("hikey970"));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].model, "mobilenet_v2");
    EXPECT_GE(rows[0].gainOverSingleCluster, 0);
    EXPECT_DOUBLE_EQ(meanPipeItGain(rows), rows[0].gainOverBest);
    const std::string md = pipeItStudyMarkdown(rows);
    EXPECT_NE(md.find("+39.0%"), std::string::npos) << md;
    EXPECT_NE(md.find("Gap: "), std::string::npos) << md;
    EXPECT_NE(pipeItStudyCsv(rows).find("paper-reported"), std::string::npos);
}
