// The CPU cluster model (core/cost/CpuClusterCostModel) on hand-computed layers, its spec
// checks, and the built-in hikey970 system.
#include "cost/CpuClusterCostModel.h"
#include "ErrorCheck.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <regex>

using namespace mensa;

namespace {

// Round numbers so that every expectation below can be worked out by hand.
const char* kSpec = R"(name: "toy"
accelerators {
  name: "cluster"
  cpu {
    core_type: "Toy-A1"
    cores: 4
    clock_mhz: 1000
    int8_macs_per_cycle_per_core: 10
    fp32_macs_per_cycle_per_core: 5
    vector_ops_per_cycle_per_core: 4
    gemm_efficiency: 0.5
    core_scaling_loss: 0.25
    l1d_bytes_per_core: 32768
    l2_bytes: 1048576
    core_bandwidth_gb_per_s: 2
    cluster_bandwidth_gb_per_s: 5
    dram_bandwidth_gb_per_s: 30
    dram_energy_pj_per_byte: 10
    layer_overhead_us: 10
    sync_overhead_us_per_core: 2
    active_power_w_per_core: 1
    idle_power_w: 0.5
  }
}
)";

std::shared_ptr<const CpuClusterCostModel> toyCluster(const std::string& text = kSpec)
{
    AcceleratorSystem system = buildSystem(parseSystemSpecText(text, "toy.textproto"));
    auto cpu = std::dynamic_pointer_cast<const CpuClusterCostModel>(system.accelerators.at(0));
    EXPECT_TRUE(cpu) << "a cpu block must select the CPU cluster model";
    return cpu;
}

Layer layerOf(LayerKind kind, int64_t macs, int64_t vectorOps, int64_t params, int64_t in,
    int64_t out, int bytesPerElement = 1)
{
    Layer l;
    l.name = "L";
    l.opType = kind == LayerKind::Conv ? "Conv" : "Add";
    l.kind = kind;
    l.metrics.macs = l.metrics.macsPerStep = macs;
    l.metrics.vectorOps = vectorOps;
    l.metrics.paramBytes = params;
    l.metrics.inputActBytes = in;
    l.metrics.outputActBytes = out;
    l.metrics.bytesPerElement = bytesPerElement;
    return l;
}

std::string replaced(const std::string& from, const std::string& to)
{
    std::string text = kSpec;
    text.replace(text.find(from), from.size(), to);
    return text;
}

} // namespace

// 1e8 int8 MACs, 100 kB weights, 200 kB in, 100 kB out.
// One core: eff = 0.5; compute = 1e8 / (1 x 10 x 1e9 x 0.5) = 20 ms. Weights fit half the L2
// (524,288 B), so DRAM = 1e5 + 3e5 = 4e5 B at min(1 x 2, 5, 30) GB/s = 0.2 ms: compute-bound.
// Overhead 10 us (no sync with one core): 20.010 ms. Energy: 1 W x 20.01 ms (cores),
// 0.5 W x 20.01 ms (idle), 4e5 B x 10 pJ = 4 uJ (DRAM).
TEST(CpuClusterCostModel, ComputeBoundConvOnOneCore)
{
    auto cpu = toyCluster();
    LayerCost c
        = cpu->evaluateWithCores(layerOf(LayerKind::Conv, 100000000, 0, 100000, 200000, 100000), 1);
    EXPECT_NEAR(c.seconds, 0.02001, 1e-12);
    EXPECT_EQ(c.bound, "compute");
    EXPECT_DOUBLE_EQ(c.traffic.dramBytes, 400000);
    EXPECT_NEAR(c.energy[EnergyComponent::Mac], 0.02001, 1e-12);
    EXPECT_NEAR(c.energy[EnergyComponent::Static], 0.010005, 1e-12);
    EXPECT_NEAR(c.energy[EnergyComponent::OffChip], 4e-6, 1e-15);
}

// The same layer on 4 cores: eff = 0.5 / (1 + 0.25 x 3) = 2/7; compute = 1e8 / (4 x 10e9 x 2/7)
// = 8.75 ms; DRAM at min(8, 5, 30) = 5 GB/s: 0.08 ms; overhead 10 + 2 x 3 = 16 us: 8.766 ms.
// Active energy: 4 cores x 1 W x 8.766 ms.
TEST(CpuClusterCostModel, FourCoresScaleSublinearly)
{
    auto cpu = toyCluster();
    Layer conv = layerOf(LayerKind::Conv, 100000000, 0, 100000, 200000, 100000);
    LayerCost four = cpu->evaluateWithCores(conv, 4);
    EXPECT_NEAR(four.seconds, 0.008766, 1e-12);
    EXPECT_NEAR(four.energy[EnergyComponent::Mac], 4 * 0.008766, 1e-12);
    // evaluate() is the whole cluster.
    EXPECT_DOUBLE_EQ(cpu->evaluate(conv).seconds, four.seconds);
    // Two cores: eff = 0.5 / 1.25 = 0.4; 1e8 / (2 x 10e9 x 0.4) = 12.5 ms + 12 us.
    EXPECT_NEAR(cpu->evaluateWithCores(conv, 2).seconds, 0.012512, 1e-12);
}

// 1.2e8 activation bytes, 1e6 element ops: memory-bound. Bandwidth grows with cores up to the
// cluster's 5 GB/s: 1 core 2 GB/s -> 60 ms, 2 cores 4 GB/s -> 30 ms, 4 cores 5 GB/s -> 24 ms
// (plus 10, 12, 16 us of overhead). Compute: 1e6 / (c x 4 x 1e9) is at most 0.25 ms.
TEST(CpuClusterCostModel, MemoryBoundLayerSaturatesTheClusterBandwidth)
{
    auto cpu = toyCluster();
    Layer add = layerOf(LayerKind::Elementwise, 0, 1000000, 0, 80000000, 40000000);
    EXPECT_NEAR(cpu->evaluateWithCores(add, 1).seconds, 0.06001, 1e-12);
    EXPECT_NEAR(cpu->evaluateWithCores(add, 2).seconds, 0.030012, 1e-12);
    EXPECT_NEAR(cpu->evaluateWithCores(add, 4).seconds, 0.024016, 1e-12);
    EXPECT_EQ(cpu->evaluateWithCores(add, 4).bound, "memory");
}

// Weights of 2 MB do not fit half the L2 (524,288 B): they are read once per activation tile,
// ceil(1.5e6 / 524,288) = 3 tiles, so DRAM = 3 x 2e6 + 1.5e6 = 7.5e6 B.
TEST(CpuClusterCostModel, WeightsLargerThanHalfTheL2AreReadPerTile)
{
    auto cpu = toyCluster();
    Layer fc = layerOf(LayerKind::Conv, 1000, 0, 2000000, 1000000, 500000);
    EXPECT_DOUBLE_EQ(cpu->evaluateWithCores(fc, 1).traffic.dramBytes, 7500000);
    Layer small = layerOf(LayerKind::Conv, 1000, 0, 500000, 1000000, 500000);
    EXPECT_DOUBLE_EQ(cpu->evaluateWithCores(small, 1).traffic.dramBytes, 2000000);
    // Even weights that fit the L2 are read from DRAM each inference: never on-chip resident
    // (the run's summary counts them as streamed).
    EXPECT_FALSE(cpu->evaluateWithCores(small, 1).parametersOnChip);
}

// fp32 layers use the fp32 rate: 1e8 / (1 x 5e9 x 0.5) = 40 ms (+10 us).
TEST(CpuClusterCostModel, Fp32LayersUseTheFp32Rate)
{
    auto cpu = toyCluster();
    Layer conv = layerOf(LayerKind::Conv, 100000000, 0, 4000, 4000, 4000, 4);
    EXPECT_NEAR(cpu->evaluateWithCores(conv, 1).seconds, 0.04001, 1e-12);
}

TEST(CpuClusterCostModel, CoreCountOutsideTheClusterIsRefused)
{
    auto cpu = toyCluster();
    Layer conv = layerOf(LayerKind::Conv, 1000, 0, 10, 10, 10);
    EXPECT_THROW(cpu->evaluateWithCores(conv, 0), MensaError);
    EXPECT_THROW(cpu->evaluateWithCores(conv, 5), MensaError);
}

TEST(CpuClusterCostModel, PeakAndRooflineFigures)
{
    auto cpu = toyCluster();
    EXPECT_DOUBLE_EQ(cpu->peakMacsPerSecond(), 4 * 10 * 1e9);
    EXPECT_DOUBLE_EQ(cpu->memoryBandwidth(), 5e9);
    EXPECT_DOUBLE_EQ(cpu->staticPower(), 0.5);
    // 2 x 4e10 / (4 x 1 W + 0.5 W)
    EXPECT_DOUBLE_EQ(cpu->peakOpsPerWatt(), 8e10 / 4.5);
}

// Bad values: one line naming file:line:col and the field.
TEST(CpuClusterSpec, BadValuesAreRefusedWithTheirPosition)
{
    const std::pair<std::string, std::string> cases[] = {
        { "cores: 4", "cores: 0" },
        { "gemm_efficiency: 0.5", "gemm_efficiency: 1.5" },
        { "clock_mhz: 1000", "clock_mhz: -3" },
        { "core_bandwidth_gb_per_s: 2", "core_bandwidth_gb_per_s: 0" },
        { "active_power_w_per_core: 1", "active_power_w_per_core: -1" },
        { "l2_bytes: 1048576", "l2_bytes: 12" },
    };
    for (const auto& fromTo : cases) {
        const std::string& from = fromTo.first; // not a structured binding: clang 14's lambdas
        const std::string& to = fromTo.second; // cannot capture those
        std::string field = to.substr(0, to.find(':'));
        std::string err = test::errorOf([&] { toyCluster(replaced(from, to)); });
        EXPECT_TRUE(std::regex_search(err,
            std::regex("^toy\\.textproto:[0-9]+:[0-9]+: field accelerators\\[0\\]\\.cpu\\." + field
                + ": ")))
            << to << " -> " << err;
        EXPECT_EQ(err.find('\n'), std::string::npos) << err;
    }
}

TEST(CpuClusterSpec, MissingFieldsAndPeArrayFieldsAreRefused)
{
    std::string err = test::errorOf([] { toyCluster(replaced("    idle_power_w: 0.5\n", "")); });
    EXPECT_NE(err.find("cpu.idle_power_w: missing"), std::string::npos) << err;
    err = test::errorOf([] { toyCluster(replaced("  cpu {", "  pe_rows: 8\n  cpu {")); });
    EXPECT_NE(err.find("pe_rows: a cpu spec has no PE-array fields"), std::string::npos) << err;
    // ... and a processor spec is not asked for PE-array fields: kSpec has none and loads.
    EXPECT_NO_THROW(toyCluster());
}

// The built-in system: two CPU clusters, A73 faster per core than A53 on a convolution.
TEST(CpuClusterSpec, Hikey970IsBuiltIn)
{
    AcceleratorSystem hikey = loadSystem("hikey970");
    ASSERT_EQ(hikey.accelerators.size(), 2u);
    auto big = std::dynamic_pointer_cast<const CpuClusterCostModel>(hikey.accelerators[0]);
    auto little = std::dynamic_pointer_cast<const CpuClusterCostModel>(hikey.accelerators[1]);
    ASSERT_TRUE(big && little);
    EXPECT_EQ(big->coreType(), "Cortex-A73");
    EXPECT_EQ(little->coreType(), "Cortex-A53");
    EXPECT_EQ(big->coreCount(), 4);
    EXPECT_EQ(little->coreCount(), 4);
    Layer conv = layerOf(LayerKind::Conv, 100000000, 0, 100000, 200000, 100000);
    for (int c = 1; c <= 4; ++c)
        EXPECT_LT(
            big->evaluateWithCores(conv, c).seconds, little->evaluateWithCores(conv, c).seconds);
    // More cores, less time on a compute-bound layer, on both clusters.
    EXPECT_LT(big->evaluateWithCores(conv, 4).seconds, big->evaluateWithCores(conv, 1).seconds);
    EXPECT_LT(
        little->evaluateWithCores(conv, 4).seconds, little->evaluateWithCores(conv, 1).seconds);
}
