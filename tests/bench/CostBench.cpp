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

// One layer of each kind the cost models treat differently (ResNet-50 and MobileNet shapes,
// an LSTM step of a speech model), in this order.
const char* const kLayerKinds[] = { "conv3x3", "conv1x1", "depthwise", "fc", "lstm", "add" };

Model oneOfEachKind()
{
    testmodels::LayerModelBuilder b("kinds");
    auto x = b.input("x", { 64, 56, 56 });
    auto c3 = b.conv(x, 64, 3); // ResNet-50 conv2_x 3x3
    auto c1 = b.conv(c3, 256, 1); // its 1x1 expansion
    auto dw = b.depthwise(c1, 3); // a MobileNet depthwise layer
    b.add(dw, c1);
    auto seq = b.toSequence(b.globalPool(dw), 1);
    b.fc(seq, 1000); // classifier
    auto speech = b.input("frames", { 640, 1, 1 }); // one step of a 1024-cell LSTM
    b.lstm(speech, 1024);
    Model m = b.build();
    std::vector<const Layer*> order;
    for (const char* op : { "Conv", "Conv", "Conv", "Gemm", "LSTM", "Add" })
        for (const Layer& l : m.layers)
            if (l.opType == op && std::find(order.begin(), order.end(), &l) == order.end()) {
                order.push_back(&l);
                break;
            }
    Model kinds;
    for (const Layer* l : order)
        kinds.layers.push_back(*l);
    kinds.tensors = m.tensors;
    kinds.rebuildIndex();
    return kinds;
}

// Arguments: layer kind (index into kLayerKinds), design (edge_tpu, eyeriss_v2, and Mensa's
// pascal, pavlov, jacquard).
void BM_EvaluateOneLayer(benchmark::State& state)
{
    static const Model kinds = oneOfEachKind();
    static const AcceleratorSystem designs[]
        = { builtinSystem("edge_tpu"), builtinSystem("eyeriss_v2"), builtinSystem("mensa") };
    const int design = static_cast<int>(state.range(1));
    const CostModel& model
        = design < 2 ? *designs[design].accelerators[0] : *designs[2].accelerators[design - 2];
    const Layer& layer = kinds.layers[state.range(0)];
    for (auto _ : state)
        benchmark::DoNotOptimize(model.evaluate(layer));
    state.SetLabel(std::string(kLayerKinds[state.range(0)]) + " on " + model.name());
}
BENCHMARK(BM_EvaluateOneLayer)
    ->ArgsProduct({ { 0, 1, 2, 3, 4, 5 }, { 0, 1, 2, 3, 4 } })
    ->ArgNames({ "kind", "design" })
    ->Unit(benchmark::kMicrosecond);

// The Edge TPU with a 64 KiB window buffer, weight or output stationary (the window buffer's
// reuse walks every Sr tile of the sweep: one under weight stationary, Sr / 64 under output
// stationary; a 1x1 convolution bypasses it without a walk). Arguments: layer kind (conv3x3,
// conv1x1, depthwise), dataflow (0 WS, 1 OS).
void BM_EvaluateOneLayerThroughWindowBuffer(benchmark::State& state)
{
    static const Model kinds = oneOfEachKind();
    const AcceleratorSystem system = builtinSystem("edge_tpu");
    spec::AcceleratorSpec s = dynamic_cast<const SpecCostModel&>(*system.accelerators[0]).spec();
    s.set_dataflow(state.range(1) == 0 ? spec::WEIGHT_STATIONARY : spec::OUTPUT_STATIONARY);
    auto* w = s.mutable_window_buffer();
    w->set_size_bytes(65536), w->set_read_energy_pj_per_byte(1), w->set_write_energy_pj_per_byte(1);
    const SystolicCostModel model(std::make_shared<const spec::AcceleratorSpec>(s));
    // The layer and its copy at half the resolution, alternately: each evaluation walks its
    // sweep afresh (the cost model keeps the last sweep its thread walked).
    const Layer& layer = kinds.layers[state.range(0)];
    Layer half = layer;
    half.nest.inH /= 2, half.nest.inW /= 2, half.nest.outH /= 2, half.nest.outW /= 2;
    half.metrics.macs /= 4, half.metrics.inputActBytes /= 4, half.metrics.outputActBytes /= 4;
    half.metrics.macsPerStep = half.metrics.macs;
    bool odd = false;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model.evaluate(odd ? half : layer));
        odd = !odd;
    }
    state.SetLabel(std::string(kLayerKinds[state.range(0)]) + " at 56x56 and 28x28, "
        + (state.range(1) == 0 ? "weight" : "output") + " stationary");
}
BENCHMARK(BM_EvaluateOneLayerThroughWindowBuffer)
    ->ArgsProduct({ { 0, 1, 2 }, { 0, 1 } })
    ->ArgNames({ "kind", "dataflow" })
    ->Unit(benchmark::kMicrosecond);

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
