// Speed target of Pipe-it (issue 14): the balanced-pipeline search on a 100-layer CNN over
// both HiKey 970 clusters and all core counts (1..4 each) in under 100 ms, with and without
// the per-layer predictions (8 core configurations x 100 layers + the data-parallel run).
#include "CostTestModels.h"
#include "cost/SystemLoader.h"
#include "schedule/PipeItSearch.h"

#include <benchmark/benchmark.h>

using namespace mensa;

namespace {

// 100 layers: a stem, then 3x3 / 1x1 convolutions whose width doubles (and resolution halves)
// every 25 layers.
Model cnn100()
{
    testmodels::LayerModelBuilder b("cnn100");
    auto x = b.input("image", { 3, 224, 224 });
    x = b.conv(x, 32, 3, 2);
    for (int i = 1; i < 100; ++i) {
        const int64_t width = 32 << (i / 25);
        const int64_t stride = i % 25 == 0 ? 2 : 1;
        x = b.conv(x, width, i % 2 ? 3 : 1, stride);
    }
    return b.build();
}

void BM_PipeItSearch100Layers(benchmark::State& state)
{
    const Model model = cnn100();
    const PipeItTable table = buildPipeItTable(model, loadSystem("hikey970"));
    for (auto _ : state)
        benchmark::DoNotOptimize(runPipeIt(table));
}
BENCHMARK(BM_PipeItSearch100Layers)->Unit(benchmark::kMillisecond);

void BM_PipeItPredictAndSearch100Layers(benchmark::State& state)
{
    const Model model = cnn100();
    const AcceleratorSystem hikey = loadSystem("hikey970");
    for (auto _ : state)
        benchmark::DoNotOptimize(runPipeIt(buildPipeItTable(model, hikey)));
}
BENCHMARK(BM_PipeItPredictAndSearch100Layers)->Unit(benchmark::kMillisecond);

} // namespace
