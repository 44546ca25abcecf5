// Speed targets of the scheduling work: Mensa DP on a 1,000-layer model x 3 accelerators
// (< 10 ms) and clustering 5,000 layers with k chosen by silhouette (< 100 ms).
#include "CostTestModels.h"
#include "ScheduleFixtures.h"
#include "cluster/LayerClustering.h"
#include "cost/SystemLoader.h"
#include "schedule/MensaScheduler.h"
#include "schedule/PipelineScheduler.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <random>

using namespace mensa;

namespace {

// A 1,000-layer model: a chain with a residual skip every third layer.
Model residualModel(int layers)
{
    std::vector<std::vector<int>> edges(layers);
    for (int i = 1; i < layers; ++i) {
        edges[i] = { i - 1 };
        if (i % 3 == 0 && i >= 3)
            edges[i].push_back(i - 3);
    }
    return test::makeGraph(edges, 5);
}

void BM_MensaLatencyDp1000Layers(benchmark::State& state)
{
    Model model = state.range(0) ? residualModel(1000) : test::makeChain(1000, 5);
    CostTable table = test::randomTable(model, 3, 5);
    MensaScheduler scheduler(Objective::latency());
    for (auto _ : state)
        benchmark::DoNotOptimize(scheduler.bestMapping(model, table));
}
BENCHMARK(BM_MensaLatencyDp1000Layers)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("residual")
    ->Unit(benchmark::kMillisecond);

void BM_MensaScheduleWithTimeline1000Layers(benchmark::State& state)
{
    Model model = residualModel(1000);
    CostTable table = test::randomTable(model, 3, 5);
    MensaScheduler scheduler(Objective::weighted(0.5));
    for (auto _ : state)
        benchmark::DoNotOptimize(scheduler.schedule(model, table));
}
BENCHMARK(BM_MensaScheduleWithTimeline1000Layers)->Unit(benchmark::kMillisecond);

void BM_MensaEdpParetoDp1000Layers(benchmark::State& state)
{
    Model model = test::makeChain(1000, 5);
    CostTable table = test::randomTable(model, 3, 5);
    MensaScheduler scheduler(Objective::edp());
    for (auto _ : state)
        benchmark::DoNotOptimize(scheduler.bestMapping(model, table));
}
BENCHMARK(BM_MensaEdpParetoDp1000Layers)->Unit(benchmark::kMillisecond);

void BM_Pipeline3Stages1000Layers(benchmark::State& state)
{
    Model model = residualModel(1000);
    CostTable table = test::randomTable(model, 3, 5);
    PipelineScheduler scheduler(3, 3);
    for (auto _ : state)
        benchmark::DoNotOptimize(scheduler.schedule(model, table));
}
BENCHMARK(BM_Pipeline3Stages1000Layers)->Unit(benchmark::kMillisecond);

// The schedulers on real cost tables: every layer of ResNet-50 and of an LSTM speech model
// costed on Mensa's three accelerators (the table built once, outside the timing).
CostTable realMensaTable(const Model& model)
{
    if (!std::getenv("MENSA_RESOURCES_DIR"))
        setenv("MENSA_RESOURCES_DIR", MENSA_SOURCE_DIR "/resources/accelerators", 1);
    return buildCostTable(model, loadSystem("mensa"));
}

Model realModel(int which)
{
    return which == 0 ? testmodels::resNet50()
                      : testmodels::lstmModel("speech", 200, 640, 1024, 5, 4000);
}

void BM_MensaScheduleOnRealTable(benchmark::State& state)
{
    const Model model = realModel(static_cast<int>(state.range(0)));
    const CostTable table = realMensaTable(model);
    MensaScheduler scheduler(state.range(1) ? Objective::energy() : Objective::latency());
    for (auto _ : state)
        benchmark::DoNotOptimize(scheduler.schedule(model, table));
    state.SetLabel(model.name + " (" + std::to_string(model.layers.size()) + " layers)");
}
BENCHMARK(BM_MensaScheduleOnRealTable)
    ->ArgsProduct({ { 0, 1 }, { 0, 1 } })
    ->ArgNames({ "model", "energy" })
    ->Unit(benchmark::kMillisecond);

void BM_PipelineOnRealTable(benchmark::State& state)
{
    const Model model = realModel(0);
    const CostTable table = realMensaTable(model);
    PipelineScheduler scheduler(3);
    for (auto _ : state)
        benchmark::DoNotOptimize(scheduler.schedule(model, table));
}
BENCHMARK(BM_PipelineOnRealTable)->Unit(benchmark::kMillisecond);

// 5,000 layers drawn around five families (log-normal around family centres).
LayerSample syntheticLayers(int n)
{
    const double centres[5][kLayerFeatureCount]
        = { { 4.5, 2.7, 8.0, 5.6, 3.3 }, { 6.0, 1.9, 7.7, 5.0, 1.7 }, { 6.9, 0.3, 6.9, 3.5, 0.0 },
              { 2.5, 1.0, 6.5, 5.9, 4.0 }, { 3.0, 0.5, 4.0, 4.0, 0.3 } };
    std::mt19937_64 rng(11);
    std::normal_distribution<double> noise(0.0, 0.35);
    LayerSample sample;
    for (int i = 0; i < n; ++i) {
        FeatureVector f {};
        for (int j = 0; j < kLayerFeatureCount; ++j)
            f[j] = std::pow(10.0, centres[i % 5][j] + noise(rng)) - 1;
        sample.raw.push_back(f);
        sample.refs.push_back({ i % 24, i });
    }
    return sample;
}

void BM_Cluster5000LayersAutoK(benchmark::State& state)
{
    LayerSample sample = syntheticLayers(5000);
    int k = 0;
    for (auto _ : state) {
        ClusterReport r = clusterSample(sample, 24, {});
        k = r.k;
        benchmark::DoNotOptimize(r);
    }
    state.counters["k"] = k;
}
BENCHMARK(BM_Cluster5000LayersAutoK)->Unit(benchmark::kMillisecond);

void BM_Cluster5000LayersFixedK(benchmark::State& state)
{
    LayerSample sample = syntheticLayers(5000);
    ClusterOptions options;
    options.k = 5;
    for (auto _ : state)
        benchmark::DoNotOptimize(clusterSample(sample, 24, options));
}
BENCHMARK(BM_Cluster5000LayersFixedK)->Unit(benchmark::kMillisecond);

} // namespace
