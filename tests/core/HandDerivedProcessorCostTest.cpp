// Exact costs of layers on the processor systems jetson_xavier and hikey970, derived by hand
// from the documented roofline formulas (core/cost/ProcessorCost.cpp finishProcessorCost,
// GpuCostModel / DlaCostModel::evaluate, CpuClusterCostModel::evaluateWithCores) with the
// numbers of resources/accelerators/*.textproto written out below as literals. Nothing here
// calls the models' helpers: each expectation is the formula with the spec's constants.
#include "BuiltinSystems.h"
#include "cost/CostModel.h"
#include "cost/CpuClusterCostModel.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

using namespace mensa;
using mensa::test::builtinSystem;

namespace {

// A layer as the cost models see it: kind, MACs, element operations and bytes (int8 unless
// bytesPerElement says otherwise).
Layer layerOf(LayerKind kind, const std::string& op, double macs, double vectorOps, double params,
    double in, double out, int bytesPerElement = 1)
{
    Layer l;
    l.name = op;
    l.opType = op;
    l.kind = kind;
    l.metrics.macs = int64_t(macs);
    l.metrics.vectorOps = int64_t(vectorOps);
    l.metrics.paramBytes = int64_t(params);
    l.metrics.inputActBytes = int64_t(in);
    l.metrics.outputActBytes = int64_t(out);
    l.metrics.bytesPerElement = bytesPerElement;
    return l;
}

// The 3x3 convolution 64 -> 256 channels at 28x28 (int8): 784 x 576 x 256 MACs, 147,712 B of
// parameters, 50,176 B in, 200,704 B out.
constexpr double kConvMacs = 784.0 * 576 * 256;
Layer conv(LayerKind kind = LayerKind::Conv)
{
    return layerOf(kind, "Conv", kConvMacs, 0, 147712, 50176, 200704);
}

} // namespace

// Xavier's GPU: 8 SMs x 8 tensor cores x 128 int8 MACs per cycle = 8192 MACs/cycle at
// 1377 MHz, 110 GB/s, 40 pJ/B, 5 us launch, 10 W active, 0.5 W idle. Per-kind efficiencies:
// Conv 0.45, DepthwiseConv 0.08, ConvTranspose 0.3, FullyConnected 0.25, MatMul 0.3,
// LSTM / GRU / RNN 0.1, otherwise 0.5.
TEST(HandDerivedProcessorCost, XavierGpuRunsEachKindAtItsEfficiency)
{
    const AcceleratorSystem xavier = builtinSystem("jetson_xavier");
    const CostModel& gpu = *xavier.accelerators[0];
    const double bytes = 147712 + 50176 + 200704; // every operand from DRAM once
    for (auto [kind, efficiency] :
        { std::pair { LayerKind::Conv, 0.45 }, std::pair { LayerKind::DepthwiseConv, 0.08 },
            std::pair { LayerKind::ConvTranspose, 0.3 },
            std::pair { LayerKind::FullyConnected, 0.25 }, std::pair { LayerKind::MatMul, 0.3 },
            std::pair { LayerKind::Lstm, 0.1 }, std::pair { LayerKind::Gru, 0.1 },
            std::pair { LayerKind::Rnn, 0.1 } }) {
        const LayerCost c = gpu.evaluate(conv(kind));
        const double compute = kConvMacs / (8192 * efficiency * 1377e6);
        const double busy = std::max(compute, bytes / 110e9);
        EXPECT_DOUBLE_EQ(c.seconds, busy + 5e-6) << toString(kind);
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], (10 - 0.5) * busy) << toString(kind);
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.5 * (busy + 5e-6));
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], bytes * 40e-12);
    }
    // FP16 runs at 64 MACs per tensor core per cycle (4096 per cycle); FP32 on the 512 CUDA
    // cores.
    Layer fp16 = conv();
    fp16.metrics.bytesPerElement = 2;
    EXPECT_DOUBLE_EQ(gpu.evaluate(fp16).seconds, kConvMacs / (4096 * 0.45 * 1377e6) + 5e-6);
    // An elementwise Add (50,176 operations on 512 CUDA cores at the default 0.5) waits for its
    // 150,528 B: 1.37 us of DRAM against 0.14 us of compute.
    const LayerCost add
        = gpu.evaluate(layerOf(LayerKind::Elementwise, "Add", 0, 50176, 0, 100352, 50176));
    EXPECT_DOUBLE_EQ(add.seconds, 150528 / 110e9 + 5e-6);
    EXPECT_EQ(add.bound, "memory");
    EXPECT_DOUBLE_EQ(add.computeCycles, 50176 / (512 * 0.5 * 1377e6) * 1377e6);
    Layer softmax = layerOf(LayerKind::Softmax, "Softmax", 0, 50176 * 200.0, 0, 100, 100);
    EXPECT_DOUBLE_EQ(gpu.evaluate(softmax).seconds, 50176 * 200.0 / (512 * 0.5 * 1377e6) + 5e-6);
}

// Each of Xavier's two DLAs: 2048 int8 (1024 fp16) MACs per cycle at 1395 MHz, a 512 KiB
// convolution buffer, 16 post-processing operations per cycle, 40 GB/s, 40 pJ/B, 3 us per
// layer, 0.75 W active, 0.1 W idle. Efficiencies: Conv 0.4, DepthwiseConv 0.05,
// ConvTranspose 0.3, FullyConnected 0.2, otherwise 0.8.
TEST(HandDerivedProcessorCost, XavierDlasRunConvolutionsAndPostOperations)
{
    const AcceleratorSystem xavier = builtinSystem("jetson_xavier");
    for (int unit : { 1, 2 }) {
        const CostModel& dla = *xavier.accelerators[unit];
        // Weights (147,712 B) and input (50,176 B) both fit half the buffer: read once.
        const double bytes = 147712 + 50176 + 200704;
        for (auto [kind, efficiency] :
            { std::pair { LayerKind::Conv, 0.4 }, std::pair { LayerKind::DepthwiseConv, 0.05 },
                std::pair { LayerKind::ConvTranspose, 0.3 },
                std::pair { LayerKind::FullyConnected, 0.2 } }) {
            const LayerCost c = dla.evaluate(conv(kind));
            ASSERT_TRUE(c.mapped) << c.failureReason;
            const double busy = std::max(kConvMacs / (2048 * efficiency * 1395e6), bytes / 40e9);
            EXPECT_DOUBLE_EQ(c.seconds, busy + 3e-6) << dla.name() << " " << toString(kind);
            EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], (0.75 - 0.1) * busy);
            EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.1 * (busy + 3e-6));
            EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], bytes * 40e-12);
        }
        Layer fp16 = conv();
        fp16.metrics.bytesPerElement = 2;
        EXPECT_DOUBLE_EQ(dla.evaluate(fp16).seconds, kConvMacs / (1024 * 0.4 * 1395e6) + 3e-6);
        // 614,400 B of weights and 400,000 B of input both exceed half the buffer (256 KiB):
        // 3 weight groups each re-reading the input (614,400 + 3 x 400,000) cost more than 2
        // input tiles each re-reading the weights (400,000 + 2 x 614,400).
        Layer big = layerOf(LayerKind::Conv, "Conv", 1e6, 0, 614400, 400000, 1000);
        EXPECT_DOUBLE_EQ(dla.evaluate(big).traffic.dramBytes, 400000 + 2 * 614400 + 1000);
        // A ReLU over 8 MB waits for DRAM: 8e6 B at 40 GB/s.
        Layer wide = layerOf(LayerKind::Activation, "Relu", 0, 1000, 0, 4e6, 4e6);
        EXPECT_DOUBLE_EQ(dla.evaluate(wide).seconds, 8e6 / 40e9 + 3e-6);
        // A ReLU on the post-processing path: 1e6 operations on 16 lanes at 0.8.
        Layer relu = layerOf(LayerKind::Activation, "Relu", 0, 1e6, 0, 1000, 1000);
        EXPECT_DOUBLE_EQ(dla.evaluate(relu).seconds, 1e6 / (16 * 0.8 * 1395e6) + 3e-6);
    }
}

// Xavier's units hand tensors over through the shared DRAM: 55 GB/s, 80 pJ/B and 50 us each
// way, between every pair.
TEST(HandDerivedProcessorCost, XavierLinksGoThroughSharedDram)
{
    const AcceleratorSystem xavier = builtinSystem("jetson_xavier");
    EXPECT_EQ(xavier.linkIndex(0, 1), 0);
    EXPECT_EQ(xavier.linkIndex(2, 0), 1);
    EXPECT_EQ(xavier.linkIndex(1, 2), 2);
    for (auto [from, to] : { std::pair { 0, 1 }, std::pair { 0, 2 }, std::pair { 2, 1 } }) {
        const TransferCost t = xavier.transfer(from, to, 1e6);
        EXPECT_DOUBLE_EQ(t.seconds, 1e6 / 55e9 + 50e-6) << from << "->" << to;
        EXPECT_DOUBLE_EQ(t.joules, 1e6 * 80e-12) << from << "->" << to;
    }
}

// HiKey 970's clusters. A73: 4 cores at 2360 MHz, 16 int8 / 8 fp32 MACs and 8 vector ops per
// cycle per core, GEMM efficiency 0.7 divided by 1 + 0.1 per extra core, 2 MiB L2, 8 GB/s per
// core, 15 GB/s per cluster, 29.8 GB/s DRAM, 40 pJ/B, 20 us per layer + 5 us per extra core,
// 1.5 W per active core, 0.1 W idle. A53: 4 cores at 1840 MHz, 8 / 2 MACs and 4 ops, 0.6 and
// 0.1, 1 MiB L2, 3.5 / 8 / 29.8 GB/s, 40 pJ/B, 30 us + 8 us, 0.25 W per core, 0.05 W idle.
struct Cluster {
    int index;
    double hz, int8Macs, fp32Macs, vectorOps, efficiency, l2, coreBw, clusterBw, overheadUs, syncUs,
        coreW, idleW;
};
const Cluster kA73 { 0, 2360e6, 16, 8, 8, 0.7, 2097152, 8e9, 15e9, 20, 5, 1.5, 0.1 };
const Cluster kA53 { 1, 1840e6, 8, 2, 4, 0.6, 1048576, 3.5e9, 8e9, 30, 8, 0.25, 0.05 };

TEST(HandDerivedProcessorCost, HikeyClustersScaleWithTheirCores)
{
    const AcceleratorSystem hikey = builtinSystem("hikey970");
    for (const Cluster& k : { kA73, kA53 }) {
        const auto& cpu = dynamic_cast<const CpuClusterCostModel&>(*hikey.accelerators[k.index]);
        for (int cores : { 1, 2, 4 }) {
            const double efficiency = k.efficiency / (1 + 0.1 * (cores - 1));
            const double overhead = (k.overheadUs + k.syncUs * (cores - 1)) * 1e-6;
            const double bandwidth = std::min({ cores * k.coreBw, k.clusterBw, 29.8e9 });
            // The int8 convolution: weights fit half the L2, compulsory traffic only.
            const LayerCost c = cpu.evaluateWithCores(conv(), cores);
            const double compute = kConvMacs / (cores * k.int8Macs * k.hz * efficiency);
            const double bytes = 147712 + 50176 + 200704;
            const double seconds = std::max(compute, bytes / bandwidth) + overhead;
            EXPECT_DOUBLE_EQ(c.seconds, seconds) << cpu.name() << " x" << cores;
            EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], cores * k.coreW * seconds);
            EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], k.idleW * seconds);
            EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], bytes * 40e-12);
            // The same in fp32 (4 bytes per element).
            Layer fp32 = conv();
            fp32.metrics.bytesPerElement = 4;
            EXPECT_DOUBLE_EQ(cpu.evaluateWithCores(fp32, cores).computeCycles,
                kConvMacs / (cores * k.fp32Macs * k.hz * efficiency) * k.hz);
            // An Add: 50,176 vector operations, 150,528 B.
            const LayerCost add = cpu.evaluateWithCores(
                layerOf(LayerKind::Elementwise, "Add", 0, 50176, 0, 100352, 50176), cores);
            EXPECT_DOUBLE_EQ(add.seconds,
                std::max(50176 / (cores * k.vectorOps * k.hz), 150528 / bandwidth) + overhead)
                << cpu.name() << " x" << cores;
        }
        // 1e7 vector operations on 1,000 B are compute-bound on one core.
        const LayerCost math
            = cpu.evaluateWithCores(layerOf(LayerKind::Elementwise, "Mul", 0, 1e7, 0, 500, 500), 1);
        EXPECT_DOUBLE_EQ(math.seconds, 1e7 / (k.vectorOps * k.hz) + k.overheadUs * 1e-6);
        // Weights above half the L2 are read again for every half-L2 tile of activations:
        // 1.5 MiB of weights and 3 MiB of activations.
        const double half = k.l2 / 2;
        const double params = 1572864, acts = 3145728;
        const Layer big = layerOf(LayerKind::Conv, "Conv", 1e6, 0, params, acts / 2, acts / 2);
        const double tiles = params > half ? std::ceil(acts / half) : 1;
        EXPECT_DOUBLE_EQ(cpu.evaluate(big).traffic.dramBytes, params * tiles + acts) << cpu.name();
    }
}
