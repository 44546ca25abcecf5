// Exact costs of single layers on Mensa's near-data accelerators, derived by hand from the
// formulas documented in core/cost (SystolicCostModel::folds / mapArray, SpecCostModel::
// dramTraffic / evaluateCompute / finish) and the numbers in resources/accelerators/
// mensa.textproto. Each expected value is worked out in the comment above it; none is copied
// from the program's output. A changed spec constant or formula moves at least one of them.
#include "CostTestModels.h"
#include "cost/SpecParser.h"
#include "cost/SystolicCostModel.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using namespace mensa;
using testmodels::LayerModelBuilder;

namespace {

AcceleratorSpecPtr mensaAccelerator(int index)
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    setenv("MENSA_RESOURCES_DIR",
        (std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators").c_str(), 1);
    auto system = loadSystemSpec("mensa");
    return AcceleratorSpecPtr(system, &system->accelerators(index));
}

double pj(double picojoules)
{
    return picojoules * 1e-12;
}

} // namespace

// Pavlov (8x16 weight-stationary array, pipelined folds, 500 MHz; parameter buffer 64 KiB at
// 256 B/cycle and 1.25 pJ/B; activation buffer 128 KiB at 64 B/cycle and 1.25 pJ/B; stacked
// DRAM 128 GB/s = 256 B/cycle, 14 pJ/B, 50 ns; MAC 0.23 pJ, register file 0.23 pJ/B; 0.05 W)
// running one step of an LSTM with 640 inputs and 1024 cells (int8).
TEST(HandDerivedCost, OneLstmStepOnPavlov)
{
    LayerModelBuilder b("speech");
    b.lstm(b.input("frame", { 640, 1, 1 }), 1024);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(mensaAccelerator(1)).evaluate(layer);
    ASSERT_EQ(c.folds.dataflow, "weight stationary");
    // GEMM: Sr = 1 row, T = 640 + 1024 = 1664, N = 4 x 1024 = 4096.
    // Row folds ceil(1664 / 8) = 208, column folds ceil(4096 / 16) = 256: 53,248 folds.
    EXPECT_EQ(c.folds.rowFolds, 208);
    EXPECT_EQ(c.folds.colFolds, 256);
    // Load: ceil(8 x 16 x 1 B / 256 B per cycle) = 1 cycle; skew 8 + 16 - 2 = 22.
    EXPECT_EQ(c.folds.loadCycles, 1);
    EXPECT_EQ(c.folds.fillDrainCycles, 22);
    // Pipelined: 53,248 x max(stream 1, load 1) + 1 + 22 = 53,271 cycles in the one pass.
    EXPECT_EQ(c.computeCycles, 53271);
    // Buffer reads: weights 1664 x 4096 = 6,815,744 B once; inputs 1664 B per column fold
    // (x 256 = 425,984) plus partial sums 4096 B per extra row fold (x 207 = 847,872);
    // writes 4096 B per row fold (x 208 = 851,968). Array side: 8,941,568 B.
    EXPECT_EQ(c.traffic.arrayBytes, 8941568);
    // Parameters 4 x 1024 x 1664 + 8 x 1024 (biases) = 6,823,936 B > 64 KiB: streamed from
    // DRAM once (the 1,664 B of activations fit the activation buffer).
    EXPECT_FALSE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 6823936);
    EXPECT_EQ(c.traffic.bufferBytes, 8941568 + 6823936);
    // Registers: 3 B per MAC x 6,815,744 MACs.
    EXPECT_EQ(c.traffic.registerBytes, 20447232);
    // Memory: DRAM 6,823,936 / 256 = 26,656 cycles; ports 8,941,568 / (256 + 64) = 27,942.4.
    EXPECT_DOUBLE_EQ(c.memory.dram, 26656);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 27942.4);
    EXPECT_DOUBLE_EQ(c.memoryCycles, 27942.4);
    // Total: max(53,271, 27,942.4) + 50 ns x 500 MHz = 25 exposed = 53,296 cycles, 106.592 us.
    EXPECT_DOUBLE_EQ(c.cycles, 53296);
    EXPECT_DOUBLE_EQ(c.seconds, 53296 / 500e6);
    EXPECT_EQ(c.bound, "compute");
    // Energy: MACs 6,815,744 x 0.23; registers 20,447,232 x 0.23; buffers (array bytes plus the
    // 6,823,936 B of weights written in) 15,765,504 x 1.25; DRAM 6,823,936 x 14; static
    // 0.05 W x 106.592 us.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(6815744 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(20447232 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], pj(15765504 * 1.25));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Noc], 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(6823936 * 14.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.05 * 53296 / 500e6);
}

// Jacquard (32x32 weight-stationary array, pipelined folds, 500 MHz; parameter buffer 256 KiB
// at 64 B/cycle, activation buffer 256 KiB at 128 B/cycle, both 1.8 pJ/B; MAC and register
// file 0.23 pJ; 0.08 W) running a 3x3 depthwise convolution over 32 channels of 28x28.
TEST(HandDerivedCost, DepthwiseConvolutionOnJacquard)
{
    LayerModelBuilder b("dw");
    b.depthwise(b.input("x", { 32, 28, 28 }), 3);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(mensaAccelerator(2)).evaluate(layer);
    // Per group: Sr = 784 pixels, T = 9 taps, N = 1. Block-diagonal packing fits
    // min(floor(32 / 9), floor(32 / 1)) = 3 groups per fold: 27 x 3 PEs mapped, one fold.
    EXPECT_EQ(c.folds.packedGroups, 3);
    EXPECT_EQ(c.folds.mappedRows, 27);
    EXPECT_EQ(c.folds.mappedCols, 3);
    EXPECT_EQ(c.folds.rowFolds, 1);
    EXPECT_EQ(c.folds.colFolds, 1);
    // Load ceil(32 x 32 B / 64 B per cycle) = 16; skew 62; pass = max(784, 16) + 16 + 62 = 862.
    EXPECT_EQ(c.folds.cyclesPerPass, 862);
    // ceil(32 / 3) = 11 passes: 9,482 cycles.
    EXPECT_EQ(c.folds.passes, 11);
    EXPECT_EQ(c.computeCycles, 9482);
    // 27 of 1024 PEs hold weights (the 3 diagonal 9x1 blocks).
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 27.0 / 1024);
    // Per group: weights 9 B, inputs 784 x 9 = 7,056 B (one column fold), outputs 784 B
    // written once; x 32 groups: 288 + 225,792 + 25,088 = 251,168 B.
    EXPECT_EQ(c.traffic.arrayBytes, 251168);
    // 320 B of parameters stay resident; 2 x 25,088 B of activations fit: no DRAM traffic.
    EXPECT_TRUE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 0);
    EXPECT_EQ(c.traffic.registerBytes, 3 * 225792);
    // Ports: 251,168 / (64 + 128) B per cycle; compute-bound at 9,482 cycles = 18.964 us.
    EXPECT_DOUBLE_EQ(c.memoryCycles, 251168.0 / 192);
    EXPECT_DOUBLE_EQ(c.cycles, 9482);
    EXPECT_EQ(c.bound, "compute");
    EXPECT_DOUBLE_EQ(c.utilization, 225792.0 / (1024 * 9482));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(225792 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(677376 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], pj(251168 * 1.8));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.08 * 9482 / 500e6);
}
