// The roofline core computes: roofs per memory level and one point per layer, no point
// above any of its roofs on any sample model and built-in design.
#include "analysis/Roofline.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "onnx/OnnxImporter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace mensa;

namespace {

std::string sourceDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src ? src : MENSA_SOURCE_DIR;
}

AcceleratorSystem builtinSystem(const std::string& name)
{
    setenv("MENSA_RESOURCES_DIR", (sourceDir() + "/resources/accelerators").c_str(), 1);
    return loadSystem(name);
}

std::vector<std::filesystem::path> sampleModels()
{
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(sourceDir() + "/sample_models"))
        if (entry.path().extension() == ".onnx")
            paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    return paths;
}

constexpr MemoryLevel kLevels[] = { MemoryLevel::Memory, MemoryLevel::Buffer };

// How far above its highest binding roof a point sits (<= 1 when under every roof).
double worstRatio(const Roofline& r, const LayerRooflinePoint& p)
{
    const AcceleratorRoofs& roofs = r.accelerators.at(static_cast<size_t>(p.accelerator));
    double worst = p.opsPerSecond / roofs.peakOpsPerSecond;
    for (MemoryLevel level : kLevels)
        if (p.intensity(level) > 0)
            worst = std::max(worst, p.opsPerSecond / roofs.attainable(level, p.intensity(level)));
    return worst;
}

void expectUnderRoofs(const Roofline& r, const std::string& where, int& points)
{
    for (const LayerRooflinePoint& p : r.points) {
        ++points;
        const std::string at = where + " layer " + std::to_string(p.layer);
        ASSERT_TRUE(std::isfinite(p.ops) && p.ops > 0) << at;
        ASSERT_TRUE(std::isfinite(p.seconds) && p.seconds > 0) << at;
        ASSERT_TRUE(std::isfinite(p.opsPerSecond) && p.opsPerSecond > 0) << at;
        for (MemoryLevel level : kLevels)
            ASSERT_TRUE(std::isfinite(p.intensity(level)) && p.intensity(level) >= 0) << at;
        EXPECT_LE(worstRatio(r, p), 1.0 + 1e-9) << at;
    }
}

// Every cost the figures draw: each accelerator alone (whole-model residency plan), each
// layer alone (the GUI's per-accelerator costs) and the system's best-fit mapping.
void checkModelOnDesign(const Model& model, const AcceleratorSystem& system, int& points)
{
    for (size_t a = 0; a < system.accelerators.size(); ++a) {
        const CostModel& acc = *system.accelerators[a];
        const AcceleratorSystem alone = AcceleratorSystem::of(system.accelerators[a], acc.name());
        expectUnderRoofs(
            roofline(model, alone, simulate(model, acc)), model.name + " on " + acc.name(), points);
        ModelCost single;
        single.assignment.assign(model.layers.size(), static_cast<int>(a));
        for (const Layer& layer : model.layers)
            single.layers.push_back(acc.evaluate(layer));
        expectUnderRoofs(
            roofline(model, system, single), model.name + " alone on " + acc.name(), points);
    }
    if (system.accelerators.size() > 1) {
        const ModelCost cost = runOnDesign(model, system).cost; // the mapping every view shows
        expectUnderRoofs(roofline(model, system, cost), model.name + " on " + system.name, points);
    }
}

Layer handLayer()
{
    Layer l;
    l.name = "fc";
    l.kind = LayerKind::FullyConnected;
    l.metrics.macs = 1000;
    l.metrics.macsPerStep = 1000;
    return l;
}

} // namespace

TEST(Roofline, NoPointAboveItsRoofsOnEverySampleModelAndBuiltInDesign)
{
    int points = 0;
    const auto models = sampleModels();
    ASSERT_GE(models.size(), 10u);
    for (const char* design : { "edge_tpu", "eyeriss_v2", "mensa" }) {
        const AcceleratorSystem system = builtinSystem(design);
        for (const auto& path : models)
            checkModelOnDesign(importOnnxFile(path.string()), system, points);
    }
    EXPECT_GT(points, 1000);
}

TEST(Roofline, HandComputedLayer)
{
    Layer layer = handLayer();
    LayerCost cost;
    cost.macs = 1000;
    cost.seconds = 1e-6;
    cost.traffic.dramBytes = 500;
    cost.traffic.arrayBytes = 4000;
    cost.traffic.bufferBytes = 4500; // DRAM fills count at the memory level only
    const auto p = rooflinePoint(layer, 3, cost, 1);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->layer, 3);
    EXPECT_EQ(p->accelerator, 1);
    EXPECT_EQ(p->steps, 1);
    EXPECT_DOUBLE_EQ(p->ops, 2000); // 2 ops per MAC
    EXPECT_DOUBLE_EQ(p->opsPerSecond, 2e9); // 2000 op in 1 us
    EXPECT_DOUBLE_EQ(p->intensity(MemoryLevel::Memory), 4.0); // 2000 op / 500 B
    EXPECT_DOUBLE_EQ(p->intensity(MemoryLevel::Buffer), 0.5); // 2000 op / 4000 B
}

// A 1024 x 1024 int8 fully connected layer on the Edge TPU, by hand: weight stationary on
// 64 x 64 PEs gives 16 x 16 folds, each paying a 64-cycle weight load (4096 B at 64 B/cycle),
// a 126-cycle skew and 1 streamed row: 256 x 191 = 48896 cycles at 500 MHz. The 1 MiB of
// weights stay resident and the activations fit, so nothing crosses DRAM. The array reads
// the weights once, the input once per column fold (16 x 1024 B) and the partial sums back
// on 15 of the 16 row folds (15 x 1024 B), and writes outputs on every row fold (16 x 1024 B).
TEST(Roofline, HandComputedLayerOnTheEdgeTpu)
{
    Layer fc;
    fc.name = "fc";
    fc.opType = "Gemm";
    fc.kind = LayerKind::FullyConnected;
    fc.nest.inChannels = 1024;
    fc.nest.outChannels = 1024;
    fc.metrics.macs = fc.metrics.macsPerStep = 1024 * 1024;
    fc.metrics.params = fc.metrics.paramBytes = 1024 * 1024;
    fc.metrics.inputActBytes = fc.metrics.outputActBytes = 1024;
    const AcceleratorSystem edge = builtinSystem("edge_tpu");
    const LayerCost cost = edge.accelerators.front()->evaluate(fc);
    const auto p = rooflinePoint(fc, 0, cost, 0);
    ASSERT_TRUE(p);
    const double seconds = 256 * (64 + 126 + 1) / 500e6;
    const double arrayBytes = 1024 * 1024 + 16 * 1024 + 15 * 1024 + 16 * 1024;
    EXPECT_NEAR(p->seconds, seconds, 1e-12 * seconds);
    EXPECT_NEAR(p->opsPerSecond, 2.0 * 1024 * 1024 / seconds, 1.0);
    EXPECT_DOUBLE_EQ(p->bytes[static_cast<size_t>(MemoryLevel::Memory)], 0);
    EXPECT_DOUBLE_EQ(p->intensity(MemoryLevel::Memory), 0); // no DRAM mark
    EXPECT_NEAR(p->intensity(MemoryLevel::Buffer), 2.0 * 1024 * 1024 / arrayBytes, 1e-12);
}

TEST(Roofline, RecurrentLayerIsShownPerTimeStep)
{
    Layer layer = handLayer();
    layer.kind = LayerKind::Lstm;
    layer.nest.steps = 10;
    LayerCost cost;
    cost.macs = 1000;
    cost.seconds = 1e-5;
    cost.traffic.dramBytes = 5000;
    cost.traffic.bufferBytes = 5000; // fills only: nothing reaches the array from a buffer
    const auto p = rooflinePoint(layer, 0, cost, 0);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->steps, 10);
    EXPECT_DOUBLE_EQ(p->ops, 200); // 2 x 1000 MACs / 10 steps
    EXPECT_DOUBLE_EQ(p->seconds, 1e-6);
    EXPECT_DOUBLE_EQ(p->bytes[0], 500);
    EXPECT_DOUBLE_EQ(p->intensity(MemoryLevel::Memory), 0.4);
    EXPECT_DOUBLE_EQ(p->intensity(MemoryLevel::Buffer), 0); // no byte crosses the buffer
}

TEST(Roofline, LayersWithoutMacsOrTimeHaveNoPoint)
{
    Layer layer = handLayer();
    LayerCost cost;
    cost.macs = 1000;
    EXPECT_FALSE(rooflinePoint(layer, 0, cost, 0)); // no time
    cost.seconds = 1;
    cost.mapped = false;
    EXPECT_FALSE(rooflinePoint(layer, 0, cost, 0));
    cost.mapped = true;
    cost.macs = 0; // the vector path runs no MACs
    EXPECT_FALSE(rooflinePoint(layer, 0, cost, 0));
}

TEST(Roofline, RoofsComeFromTheSpec)
{
    // Edge TPU: 64 x 64 MACs at 500 MHz; 32 GB/s LPDDR; 64 + 128 B/cycle of buffer ports.
    const AcceleratorRoofs r = acceleratorRoofs(*builtinSystem("edge_tpu").accelerators.front());
    EXPECT_DOUBLE_EQ(r.peakOpsPerSecond, 2.0 * 4096 * 500e6);
    ASSERT_TRUE(r.roof(MemoryLevel::Memory));
    EXPECT_EQ(r.roof(MemoryLevel::Memory)->name, "DRAM");
    EXPECT_DOUBLE_EQ(r.roof(MemoryLevel::Memory)->bytesPerSecond, 32e9);
    ASSERT_TRUE(r.roof(MemoryLevel::Buffer));
    EXPECT_DOUBLE_EQ(r.roof(MemoryLevel::Buffer)->bytesPerSecond, 192 * 500e6);
    EXPECT_DOUBLE_EQ(r.ridge(MemoryLevel::Memory), 2.0 * 4096 * 500e6 / 32e9);
    EXPECT_DOUBLE_EQ(r.attainable(MemoryLevel::Memory, 1.0), 32e9);
    EXPECT_DOUBLE_EQ(r.attainable(MemoryLevel::Memory, 1e6), r.peakOpsPerSecond);
    const auto mensa = builtinSystem("mensa");
    EXPECT_EQ(acceleratorRoofs(*mensa.accelerators.at(1)).roof(MemoryLevel::Memory)->name,
        "stacked DRAM");
}

// Narrow buffer ports slow the array down instead of lifting the layer above the buffer
// roof: a batch-4096 fc layer with a 1 B/cycle activation buffer (the weight buffer keeps
// its 64 B/cycle) is bound by its array-side bytes, not by its 1.1 M compute cycles.
TEST(Roofline, NarrowBufferPortsBoundTheLayerTime)
{
    builtinSystem("edge_tpu"); // points the loader at the source tree's specs
    auto spec
        = std::make_shared<spec::AcceleratorSpec>(loadSystemSpec("edge_tpu")->accelerators(0));
    spec->mutable_activation_buffer()->set_bandwidth_bytes_per_cycle(1);
    const CostModelPtr narrow = makeCostModel(spec);
    EXPECT_DOUBLE_EQ(narrow->bufferBandwidth(), 65 * 500e6);
    Layer fc = handLayer();
    fc.opType = "Gemm";
    fc.nest.batch = 4096;
    fc.nest.inChannels = 1024;
    fc.nest.outChannels = 1024;
    fc.metrics.macs = fc.metrics.macsPerStep = 4096LL * 1024 * 1024;
    fc.metrics.params = fc.metrics.paramBytes = 1024 * 1024;
    fc.metrics.inputActBytes = fc.metrics.outputActBytes = 4096 * 1024;
    const LayerCost cost = narrow->evaluate(fc);
    EXPECT_EQ(cost.bound, "memory");
    EXPECT_GT(cost.memoryCycles, 2 * cost.computeCycles);
    EXPECT_GE(cost.seconds * (1 + 1e-12), cost.traffic.arrayBytes / narrow->bufferBandwidth());
    const auto p = rooflinePoint(fc, 0, cost, 0);
    ASSERT_TRUE(p);
    EXPECT_LE(p->opsPerSecond,
        acceleratorRoofs(*narrow).attainable(MemoryLevel::Buffer, p->intensity(MemoryLevel::Buffer))
            * (1 + 1e-9));
}

// Zero skipping (a sparse Eyeriss v2) shortens the compute time; points stay under the peak.
TEST(Roofline, SparseSpecStaysUnderThePeak)
{
    builtinSystem("eyeriss_v2");
    auto spec
        = std::make_shared<spec::AcceleratorSpec>(loadSystemSpec("eyeriss_v2")->accelerators(0));
    spec->mutable_sparsity()->set_enabled(true);
    spec->mutable_sparsity()->set_weight_density(0.5);
    spec->mutable_sparsity()->set_activation_density(0.5);
    const AcceleratorSystem sparse = AcceleratorSystem::of(makeCostModel(spec), "sparse");
    int points = 0;
    const Model model = importOnnxFile(sourceDir() + "/sample_models/mobilenet_v2.onnx");
    checkModelOnDesign(model, sparse, points);
    EXPECT_GT(points, 10);
    // Each point counts the MACs the array executed: a quarter of the dense ones here.
    const ModelCost cost = simulate(model, *sparse.accelerators.front());
    const Roofline r = roofline(model, sparse, cost);
    ASSERT_FALSE(r.points.empty());
    const auto& p = r.points.front();
    EXPECT_NEAR(
        p.ops, 0.25 * 2.0 * model.layers[static_cast<size_t>(p.layer)].metrics.macs, 1e-6 * p.ops);
}
