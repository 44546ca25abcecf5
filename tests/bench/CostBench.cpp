// Speed of the analytical cost models. Targets (docs/methodology.md): one layer < 10 us,
// a 200-layer model on all three designs < 5 ms, 10,000 Edge TPU configurations on
// MobileNetV2 < 10 s on 2 cores.
#include "CostTestModels.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "cost/SystolicCostModel.h"
#include "mapping/DesignRun.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>

using namespace mensa;

namespace {

AcceleratorSystem builtinSystem(const std::string& name)
{
    if (!std::getenv("MENSA_RESOURCES_DIR"))
        setenv("MENSA_RESOURCES_DIR", MENSA_SOURCE_DIR "/resources/accelerators", 1);
    return loadSystem(name);
}

// 200 layers: conv blocks of a mobile CNN followed by an LSTM stack and a classifier.
Model twoHundredLayers()
{
    testmodels::LayerModelBuilder b("bench200");
    auto x = b.input("x", { 32, 56, 56 });
    while (b.build().layers.size() < 180) {
        auto y = b.conv(x, 96, 1);
        y = b.depthwise(y, 3);
        y = b.conv(y, 32, 1);
        x = b.add(y, x);
    }
    x = b.pool(x, 7, 7);
    x = b.toSequence(x, 8);
    while (b.build().layers.size() < 199)
        x = b.lstm(x, 256);
    b.fc(x, 100);
    return b.build();
}

void BM_EvaluateOneLayer(benchmark::State& state)
{
    auto edge = builtinSystem("edge_tpu");
    Model m = testmodels::resNet50();
    const Layer& layer = m.layers[10];
    for (auto _ : state)
        benchmark::DoNotOptimize(edge.accelerators[0]->evaluate(layer));
}
BENCHMARK(BM_EvaluateOneLayer)->Unit(benchmark::kMicrosecond);

void BM_Model200LayersOnAllDesigns(benchmark::State& state)
{
    auto edge = builtinSystem("edge_tpu");
    auto eyeriss = builtinSystem("eyeriss_v2");
    auto mensa = builtinSystem("mensa");
    Model m = twoHundredLayers();
    if (m.layers.size() != 200)
        state.SkipWithError("model does not have 200 layers");
    for (auto _ : state) {
        benchmark::DoNotOptimize(simulate(m, *edge.accelerators[0]));
        benchmark::DoNotOptimize(simulate(m, *eyeriss.accelerators[0]));
        benchmark::DoNotOptimize(runOnDesign(m, mensa));
    }
}
BENCHMARK(BM_Model200LayersOnAllDesigns)->Unit(benchmark::kMillisecond);

// Configuration i of the sweep: PE array side, parameter buffer and bandwidth vary.
spec::AcceleratorSpec sweepConfig(const spec::AcceleratorSpec& base, int i)
{
    static const int sides[] = { 8, 16, 24, 32, 48, 64, 96, 128, 192, 256 };
    static const double bufferMiB[] = { 0.25, 0.5, 1, 2, 3, 4, 6, 8, 12, 16 };
    spec::AcceleratorSpec s = base;
    s.set_pe_rows(sides[i % 10]);
    s.set_pe_cols(sides[(i / 10) % 10]);
    s.mutable_parameter_buffer()->set_size_bytes(int64_t(bufferMiB[(i / 100) % 10] * 1048576));
    s.mutable_memory()->set_bandwidth_gb_per_s(4.0 + 4.0 * ((i / 1000) % 10));
    return s;
}

void BM_SweepEdgeTpuConfigsOnMobileNetV2(benchmark::State& state)
{
    const int configs = static_cast<int>(state.range(0));
    auto base = loadSystemSpec("edge_tpu");
    const auto& edge = base->accelerators(0);
    Model m = testmodels::mobileNetV2();
    unsigned threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
    for (auto _ : state) {
        std::atomic<int> next { 0 };
        std::atomic<long> checksum { 0 };
        auto worker = [&] {
            for (int i = next++; i < configs; i = next++) {
                SystolicCostModel model(
                    std::make_shared<const spec::AcceleratorSpec>(sweepConfig(edge, i)));
                checksum += static_cast<long>(simulate(m, model).latency * 1e9);
            }
        };
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back(worker);
        for (auto& t : pool)
            t.join();
        benchmark::DoNotOptimize(checksum.load());
    }
    state.counters["configs_per_s"]
        = benchmark::Counter(double(configs) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SweepEdgeTpuConfigsOnMobileNetV2)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

} // namespace
