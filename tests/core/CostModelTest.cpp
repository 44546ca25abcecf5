#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "cost/RowStationaryCostModel.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "cost/SystolicCostModel.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <iostream>

using namespace mensa;
using mensa::test::useSourceResources;
using testmodels::LayerModelBuilder;

namespace {

AcceleratorSpecPtr builtin(const std::string& name, int index = 0)
{
    useSourceResources();
    auto system = loadSystemSpec(name);
    return AcceleratorSpecPtr(system, &system->accelerators(index));
}

// A copy of a built-in accelerator with some fields changed.
template <typename Edit> AcceleratorSpecPtr edited(const std::string& name, Edit edit)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*builtin(name));
    edit(*spec);
    return spec;
}

Layer onlyLayer(const Model& model, LayerKind kind)
{
    for (const auto& l : model.layers)
        if (l.kind == kind)
            return l;
    ADD_FAILURE() << "no layer of kind " << toString(kind);
    return {};
}

Layer lstmLayer(int64_t hidden = 1024, int64_t input = 1024, int64_t steps = 8)
{
    LayerModelBuilder b("lstm");
    b.lstm(b.input("x", { input, steps, 1 }), hidden);
    return b.build().layers.at(0);
}

Layer convLayer(int64_t c, int64_t k, int64_t hw, int64_t kernel)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { c, hw, hw }), k, kernel);
    return b.build().layers.at(0);
}

} // namespace

TEST(SystolicCostModel, FoldsFollowScaleSim)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    GemmShape g;
    g.sr = 3136, g.t = 576, g.n = 64; // 3x3 conv, 64 -> 64 channels, 56x56
    auto f = edge.folds(g);
    EXPECT_EQ(f.rowFolds, 9);
    EXPECT_EQ(f.colFolds, 1);
    // Weight stationary: every fold loads R rows, skews R + C - 2 and streams Sr rows.
    EXPECT_DOUBLE_EQ(f.cyclesPerPass, 9 * (64 + 126 + 3136));
    EXPECT_DOUBLE_EQ(f.spatialUtilization, 576.0 * 64 / (9 * 64 * 64));
    GemmShape edge1 = g;
    edge1.t = 65; // one full row fold plus a one-row edge fold
    EXPECT_NEAR(edge.folds(edge1).spatialUtilization, 65.0 / 128, 1e-12);
}

TEST(SystolicCostModel, MatrixVectorLayersBarelyUseTheEdgeTpu)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    auto cost = edge.evaluate(lstmLayer());
    EXPECT_TRUE(cost.mapped);
    EXPECT_LT(cost.utilization, 0.01); // the study: some LSTM layers use < 1% of the PEs
    EXPECT_EQ(cost.bound, "compute"); // fold overheads, not bandwidth
    // Pavlov streams weights through a small array: far better utilisation on the same layer.
    SystolicCostModel pavlov(builtin("mensa", 1));
    EXPECT_GT(pavlov.evaluate(lstmLayer()).utilization, 0.5);
}

TEST(SystolicCostModel, DepthwiseConvUsesFewPes)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    auto depthwise = edge.evaluate(onlyLayer(testmodels::mobileNetV2(), LayerKind::DepthwiseConv));
    auto dense = edge.evaluate(convLayer(64, 64, 56, 3));
    EXPECT_LT(depthwise.spatialUtilization, 0.02);
    EXPECT_GT(dense.utilization, 10 * depthwise.utilization);
}

TEST(SystolicCostModel, TinyArrayStillMaps)
{
    auto tiny = edited("edge_tpu", [](spec::AcceleratorSpec& s) {
        s.set_pe_rows(1);
        s.set_pe_cols(1);
    });
    SystolicCostModel model(tiny);
    for (const auto& layer : testmodels::mobileNetV2().layers) {
        auto cost = model.evaluate(layer);
        EXPECT_TRUE(cost.mapped) << layer.name;
        EXPECT_TRUE(std::isfinite(cost.cycles) && cost.cycles >= 0) << layer.name;
        EXPECT_LE(cost.utilization, 1.0);
    }
}

TEST(SpecCostModel, OverlapRuleAndStaticEnergy)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    for (const auto& layer : testmodels::resNet50().layers) {
        auto c = edge.evaluate(layer);
        EXPECT_GE(c.cycles, std::max(c.computeCycles, c.memoryCycles)) << layer.name;
        EXPECT_NEAR(c.seconds, c.cycles / 500e6, 1e-15);
        EXPECT_NEAR(c.energy[EnergyComponent::Static], 0.35 * c.seconds, 1e-15);
        EXPECT_EQ(c.bound, c.computeCycles >= c.memoryCycles ? "compute" : "memory");
    }
}

TEST(SpecCostModel, VectorPathReshapeAndUnknownOperators)
{
    LayerModelBuilder b("misc");
    auto x = b.input("x", { 64, 56, 56 });
    auto pooled = b.pool(x, 2, 2);
    auto seq = b.toSequence(pooled, 4);
    b.custom(seq, "FancyOp");
    Model m = b.build();
    SystolicCostModel edge(builtin("edge_tpu"));
    auto pool = edge.evaluate(m.layers[0]);
    EXPECT_TRUE(pool.mapped);
    EXPECT_DOUBLE_EQ(pool.computeCycles, std::ceil(double(m.layers[0].metrics.vectorOps) / 64));
    EXPECT_GT(pool.energy[EnergyComponent::Mac], 0);
    auto reshape = edge.evaluate(m.layers[1]);
    EXPECT_EQ(reshape.cycles, 0);
    EXPECT_EQ(reshape.energy.total(), 0);
    auto unknown = edge.evaluate(m.layers[2]);
    EXPECT_FALSE(unknown.mapped);
    EXPECT_NE(unknown.failureReason.find("FancyOp"), std::string::npos);
    EXPECT_GT(unknown.cycles, 0); // still given a vector-path estimate
    auto noVector
        = edited("edge_tpu", [](spec::AcceleratorSpec& s) { s.mutable_vector()->set_lanes(0); });
    auto unmapped = SystolicCostModel(noVector).evaluate(m.layers[0]);
    EXPECT_FALSE(unmapped.mapped);
    EXPECT_NE(unmapped.failureReason.find("no vector path"), std::string::npos);
}

TEST(SpecCostModel, ParametersThatDoNotFitAreStreamed)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    auto fits = edge.evaluate(convLayer(512, 512, 14, 3)); // 2.4 MB of weights
    auto spills = edge.evaluate(convLayer(1024, 1024, 14, 3)); // 9.4 MB > 8 MiB
    EXPECT_TRUE(fits.parametersOnChip);
    EXPECT_EQ(fits.traffic.dramBytes, 0);
    EXPECT_FALSE(spills.parametersOnChip);
    EXPECT_GE(spills.traffic.dramBytes, 1024.0 * 1024 * 9);
    EXPECT_GT(spills.energy[EnergyComponent::OffChip], 0);
}

TEST(Simulation, EdgeTpuCliffWhenModelParametersExceedTheBuffer)
{
    // The same 1 MB fully-connected layer repeated: 6 layers fit the 8 MiB parameter buffer,
    // 12 do not, and the overflow is streamed from DRAM on every inference.
    auto stack = [](int layers) {
        LayerModelBuilder b("stack");
        auto x = b.input("x", { 1024, 1, 1 });
        for (int i = 0; i < layers; ++i)
            x = b.fc(x, 1024);
        return b.build();
    };
    SystolicCostModel edge(builtin("edge_tpu"));
    auto small = simulate(stack(6), edge);
    auto large = simulate(stack(12), edge);
    EXPECT_EQ(small.streamedParameterBytes, 0);
    EXPECT_EQ(small.traffic.dramBytes, 0);
    EXPECT_LE(large.residentParameterBytes, 8 * 1024 * 1024);
    EXPECT_GT(large.streamedParameterBytes, 4e6);
    EXPECT_GE(large.traffic.dramBytes, large.streamedParameterBytes);
    double smallEnergyPerMac = small.energyPerInference / small.macs;
    double largeEnergyPerMac = large.energyPerInference / large.macs;
    EXPECT_GT(largeEnergyPerMac, 1.3 * smallEnergyPerMac);
    // Behind a slow host link (a USB/PCIe-attached Edge TPU) the cliff shows in latency too.
    SystolicCostModel attached(edited("edge_tpu",
        [](spec::AcceleratorSpec& s) { s.mutable_memory()->set_bandwidth_gb_per_s(0.5); }));
    auto slowSmall = simulate(stack(6), attached);
    auto slowLarge = simulate(stack(12), attached);
    EXPECT_NEAR(slowSmall.latency, small.latency, 1e-12);
    EXPECT_GT(slowLarge.latency / slowLarge.macs, 3 * slowSmall.latency / slowSmall.macs);
}

TEST(Simulation, TotalsAddUpAndTopsPerWattFollows)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    Model m = testmodels::mobileNetV2();
    auto r = simulate(m, edge);
    double seconds = 0, joules = 0;
    for (const auto& c : r.layers) {
        seconds += c.seconds;
        joules += c.energy.total();
    }
    EXPECT_NEAR(r.latency, seconds, 1e-12);
    EXPECT_NEAR(r.energyPerInference, joules, 1e-12);
    EXPECT_NEAR(r.inferencesPerSecond, 1 / seconds, 1e-6);
    EXPECT_NEAR(r.topsPerWatt, 2 * r.macs / joules / 1e12, 1e-9);
    EXPECT_NEAR(r.averageUtilization, r.macs / (edge.peakMacsPerSecond() * r.latency), 1e-9);
}

TEST(AcceleratorSystem, TransfersUseLinksAndFallBackToTheSlowest)
{
    AcceleratorSystem s;
    s.accelerators.resize(3);
    s.links = { { 0, 1, "fast", 100e9, 1e-12, 10e-9 }, { 1, 2, "slow", 10e9, 5e-12, 50e-9 } };
    EXPECT_EQ(s.linkIndex(0, 1), 0);
    EXPECT_EQ(s.linkIndex(1, 0), 0); // bidirectional
    EXPECT_EQ(s.linkIndex(0, 2), -1);
    auto same = s.transfer(1, 1, 1e6);
    EXPECT_EQ(same.seconds, 0);
    EXPECT_EQ(same.joules, 0);
    auto fast = s.transfer(1, 0, 1e6);
    EXPECT_NEAR(fast.seconds, 1e6 / 100e9 + 10e-9, 1e-15);
    EXPECT_NEAR(fast.joules, 1e6 * 1e-12, 1e-15);
    auto viaDram = s.transfer(0, 2, 1e6); // no direct link: the slowest declared one
    EXPECT_NEAR(viaDram.seconds, 1e6 / 10e9 + 50e-9, 1e-15);
    AcceleratorSystem bare;
    bare.accelerators.resize(2);
    auto fallback = bare.transfer(0, 1, 1e6);
    EXPECT_GT(fallback.seconds, 0);
    EXPECT_GT(fallback.joules, 0);
}

TEST(Simulation, CrossAcceleratorEdgesPayTransfers)
{
    useSourceResources();
    auto mensa = loadSystem("mensa");
    Model m = testmodels::rcnnModel("r", 1, 64, 32, 16, 512, 1);
    std::vector<int> onPascal(m.layers.size(), 0);
    auto local = simulateAssignment(m, mensa, onPascal);
    EXPECT_EQ(local.transferJoules, 0);
    std::vector<int> split = onPascal;
    for (size_t i = 0; i < m.layers.size(); ++i)
        if (m.layers[i].kind == LayerKind::Lstm)
            split[i] = 1;
    auto mixed = simulateAssignment(m, mensa, split);
    EXPECT_GT(mixed.transferJoules, 0);
    EXPECT_GT(mixed.transferSeconds, 0);
    EXPECT_THROW(simulateAssignment(m, mensa, std::vector<int>(m.layers.size(), 7)), MensaError);
}

TEST(RowStationaryCostModel, SparsityCutsMacsCyclesAndTraffic)
{
    Layer conv = convLayer(256, 256, 28, 3);
    RowStationaryCostModel dense(builtin("eyeriss_v2"));
    RowStationaryCostModel sparse(edited("eyeriss_v2", [](spec::AcceleratorSpec& s) {
        s.mutable_sparsity()->set_enabled(true);
        s.mutable_sparsity()->set_weight_density(0.4);
        s.mutable_sparsity()->set_activation_density(0.5);
    }));
    auto d = dense.evaluate(conv);
    auto s = sparse.evaluate(conv);
    EXPECT_LT(s.computeCycles, 0.3 * d.computeCycles);
    EXPECT_LT(s.energy[EnergyComponent::Mac], 0.25 * d.energy[EnergyComponent::Mac]);
    EXPECT_LT(s.traffic.dramBytes, d.traffic.dramBytes);
    EXPECT_LT(s.energy.total(), d.energy.total());
}

TEST(RowStationaryCostModel, EyerissMapsDepthwiseAndFcWell)
{
    RowStationaryCostModel eyeriss(builtin("eyeriss_v2"));
    auto depthwise
        = eyeriss.evaluate(onlyLayer(testmodels::mobileNetV2(), LayerKind::DepthwiseConv));
    EXPECT_GT(depthwise.spatialUtilization, 0.9);
    auto lstm = eyeriss.evaluate(lstmLayer());
    EXPECT_EQ(lstm.bound, "memory"); // weights stream from DRAM through the NoC every step
    EXPECT_GT(lstm.utilization, 0.05);
}

TEST(SpecCostModel, RefusesAHalfValidSpecBuiltInCode)
{
    auto broken = edited("edge_tpu",
        [](spec::AcceleratorSpec& s) { s.mutable_memory()->set_bandwidth_gb_per_s(0); });
    EXPECT_THROW(SystolicCostModel { broken }, MensaError);
}

namespace {

// The Edge TPU cut down to an 8x8 array with `macs` MACs per PE (dataflow as given). Its
// buffer ports are 16x as wide whatever `macs` is, so they feed even 16 MACs per PE and both
// specs differ only in MACs per PE (the ports are timed: narrow ones would bound the layer).
AcceleratorSpecPtr eightByEight(int macs, spec::Dataflow dataflow = spec::WEIGHT_STATIONARY)
{
    return edited("edge_tpu", [&](spec::AcceleratorSpec& s) {
        s.set_pe_rows(8);
        s.set_pe_cols(8);
        s.set_macs_per_pe_per_cycle(macs);
        s.set_dataflow(dataflow);
        for (auto* buffer : { s.mutable_parameter_buffer(), s.mutable_activation_buffer() })
            buffer->set_bandwidth_bytes_per_cycle(16 * buffer->bandwidth_bytes_per_cycle());
    });
}

} // namespace

// A PE doing 16 MACs per cycle has 16x the peak, and a large convolution (compute bound,
// whose window of 2304 elements splits evenly into 16-element steps) runs about 16x faster.
TEST(SystolicCostModel, MacsPerPeSpeedUpALargeConvolution)
{
    Layer conv = convLayer(256, 256, 56, 3);
    for (auto dataflow :
        { spec::WEIGHT_STATIONARY, spec::OUTPUT_STATIONARY, spec::INPUT_STATIONARY }) {
        SystolicCostModel one(eightByEight(1, dataflow));
        SystolicCostModel sixteen(eightByEight(16, dataflow));
        EXPECT_DOUBLE_EQ(sixteen.peakMacsPerSecond(), 16 * one.peakMacsPerSecond());
        auto slow = one.evaluate(conv);
        auto fast = sixteen.evaluate(conv);
        EXPECT_EQ(slow.bound, "compute") << dataflow;
        EXPECT_EQ(fast.bound, "compute") << dataflow;
        double speedup = slow.computeCycles / fast.computeCycles;
        std::cout << "[ measured ] 16 vs 1 MACs/PE, dataflow " << dataflow << ": " << speedup
                  << "x fewer compute cycles\n";
        EXPECT_GT(speedup, 14.0) << dataflow;
        EXPECT_LE(speedup, 16.0) << dataflow;
        EXPECT_NEAR(slow.cycles / fast.cycles, speedup, 0.05 * speedup) << dataflow;
        EXPECT_LE(fast.utilization, 1.0) << dataflow;
        EXPECT_NEAR(fast.utilization, slow.utilization, 0.15 * slow.utilization) << dataflow;
    }
}

// The k MACs of a PE reduce k window elements: a 3x3 depthwise window (9 elements) fills
// only 9 of 16 lanes, which the spatial utilisation shows.
TEST(SystolicCostModel, MacsPerPeLanesFillFromTheWindow)
{
    SystolicCostModel sixteen(eightByEight(16));
    GemmShape g;
    g.sr = 3136, g.t = 9, g.n = 8; // one 3x3 window per PE row
    auto f = sixteen.folds(g);
    EXPECT_EQ(f.rowFolds, 1);
    EXPECT_DOUBLE_EQ(f.spatialRows, 1);
    EXPECT_NEAR(f.spatialUtilization, 9.0 / 16 / 8, 1e-12); // 1 of 8 rows, 9 of 16 lanes
}

TEST(RowStationaryCostModel, MacsPerPeDivideComputeCycles)
{
    Layer conv = convLayer(256, 256, 28, 3);
    auto withMacs = [](int macs) {
        return edited("eyeriss_v2", [&](spec::AcceleratorSpec& s) {
            s.set_macs_per_pe_per_cycle(macs);
            s.mutable_noc()->set_bandwidth_bytes_per_cycle(1e6); // keep it compute bound
            s.mutable_noc()->clear_inter_cluster_bandwidth_bytes_per_cycle();
            s.mutable_noc()->clear_intra_cluster_bandwidth_bytes_per_cycle();
        });
    };
    auto one = RowStationaryCostModel(withMacs(1)).evaluate(conv);
    auto sixteen = RowStationaryCostModel(withMacs(16)).evaluate(conv);
    EXPECT_NEAR(one.computeCycles / sixteen.computeCycles, 16.0, 0.5);
}

// Weights filled from DRAM are written into the parameter buffer and pay its write
// energy; activations filled from DRAM pay the activation buffer's.
TEST(SpecCostModel, WeightFillsPayTheParameterBufferWriteEnergy)
{
    Layer spillsWeights = convLayer(1024, 1024, 14, 3); // 9.4 MB > 8 MiB, activations fit
    auto withWrites = [](double paramPj, double actPj) {
        return SystolicCostModel(edited("edge_tpu", [&](spec::AcceleratorSpec& s) {
            s.mutable_parameter_buffer()->set_write_energy_pj_per_byte(paramPj);
            s.mutable_activation_buffer()->set_write_energy_pj_per_byte(actPj);
        }));
    };
    auto base = withWrites(10, 5).evaluate(spillsWeights);
    auto dearParams = withWrites(110, 5).evaluate(spillsWeights);
    ASSERT_FALSE(base.parametersOnChip);
    ASSERT_GT(base.traffic.dramBytes, 0);
    double buffer = base.energy[EnergyComponent::Buffer];
    EXPECT_NEAR(dearParams.energy[EnergyComponent::Buffer] - buffer,
        100e-12 * base.traffic.dramBytes, 1e-9 * buffer);
    // Activations filled from DRAM (weights resident) pay the activation buffer's write
    // energy, not the parameter buffer's.
    Layer spillsActivations = convLayer(64, 64, 224, 3); // 3.2 MB of input > 2 MiB
    auto acts = withWrites(10, 5).evaluate(spillsActivations);
    ASSERT_TRUE(acts.parametersOnChip);
    ASSERT_GT(acts.traffic.dramBytes, 0);
    EXPECT_DOUBLE_EQ(
        withWrites(110, 5).evaluate(spillsActivations).energy.total(), acts.energy.total());
    EXPECT_GE(withWrites(10, 105).evaluate(spillsActivations).energy[EnergyComponent::Buffer]
            - acts.energy[EnergyComponent::Buffer],
        100e-12 * acts.traffic.dramBytes);
}

// Peak efficiency from the spec: 2 ops per MAC at the peak MAC rate over the power at
// peak, (MAC + 3 register-file bytes) per MAC plus static power. The Edge TPU spec lands
// near Coral's 2 TOPS/W [vendor], a little below because static power is charged in full.
TEST(SpecCostModel, PeakEfficiencyFollowsTheSpec)
{
    SystolicCostModel edge(builtin("edge_tpu"));
    const auto& s = edge.spec();
    double macsPerSecond = 64.0 * 64 * 500e6;
    double watts
        = macsPerSecond * (s.mac_energy_pj() + 3 * s.register_file_energy_pj_per_byte()) * 1e-12
        + s.static_power_w();
    EXPECT_NEAR(edge.peakOpsPerWatt(), 2 * macsPerSecond / watts, 1e-6 * edge.peakOpsPerWatt());
    EXPECT_GT(edge.peakOpsPerWatt(), 1.5e12);
    EXPECT_LE(edge.peakOpsPerWatt(), 2.0e12);
    SystolicCostModel hungry(
        edited("edge_tpu", [](spec::AcceleratorSpec& spec) { spec.set_mac_energy_pj(2.3); }));
    EXPECT_LT(hungry.peakOpsPerWatt(), 0.5 * edge.peakOpsPerWatt());
    // No dense layer beats the peak: achieved TOPS/W stays at or below it.
    for (const auto& layer : testmodels::resNet50().layers) {
        auto c = edge.evaluate(layer);
        if (layer.metrics.macs > 0 && c.energy.total() > 0) {
            EXPECT_LE(2.0 * layer.metrics.macs / c.energy.total(), edge.peakOpsPerWatt())
                << layer.name;
        }
    }
}

// Checked arithmetic: a spec at the edge of the plausible ranges and an absurd layer give
// a cost that would overflow a count; it is refused with the layer named, never printed
// as inf or a wrapped integer.
TEST(SpecCostModel, OverflowingCostsAreRefusedNotWrapped)
{
    SystolicCostModel slow(edited("edge_tpu", [](spec::AcceleratorSpec& s) {
        s.set_clock_mhz(10000);
        s.mutable_memory()->set_bandwidth_gb_per_s(0.01); // 0.001 bytes per cycle
    }));
    Layer huge;
    huge.name = "huge_add";
    huge.opType = "Add";
    huge.kind = LayerKind::Elementwise;
    huge.metrics.bytesPerElement = 1;
    huge.metrics.inputActBytes = int64_t(1) << 50;
    huge.metrics.outputActBytes = int64_t(1) << 50;
    huge.metrics.vectorOps = int64_t(1) << 50;
    try {
        slow.evaluate(huge);
        ADD_FAILURE() << "no error";
    }
    catch (const MensaError& e) {
        EXPECT_NE(std::string(e.what()).find("huge_add"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("overflows"), std::string::npos) << e.what();
    }
    // The same layer on the real Edge TPU fits: seconds, not an error.
    auto fine = SystolicCostModel(builtin("edge_tpu")).evaluate(huge);
    EXPECT_TRUE(std::isfinite(fine.cycles));
    EXPECT_LE(fine.cycles, 9007199254740992.0);
}
