// Exact costs of single layers on Mensa's near-data accelerators, derived by hand from the
// formulas documented in core/cost (SystolicCostModel::folds / mapArray, SpecCostModel::
// dramTraffic / evaluateCompute / finish) and the numbers in resources/accelerators/
// mensa.textproto. Each expected value is worked out in the comment above it; none is copied
// from the program's output. A changed spec constant or formula moves at least one of them.
#include "CostTestModels.h"
#include "cost/RowStationaryCostModel.h"
#include "cost/SpecParser.h"
#include "cost/SystolicCostModel.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using namespace mensa;
using testmodels::LayerModelBuilder;

namespace {

AcceleratorSpecPtr builtinAccelerator(const std::string& name, int index)
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    setenv("MENSA_RESOURCES_DIR",
        (std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators").c_str(), 1);
    auto system = loadSystemSpec(name);
    return AcceleratorSpecPtr(system, &system->accelerators(index));
}

AcceleratorSpecPtr mensaAccelerator(int index)
{
    return builtinAccelerator("mensa", index);
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

// Eyeriss v2 (24 x 8 = 192 PEs, 2 MACs per PE, 200 MHz, row stationary, 256 B register files,
// weights from DRAM straight to the PEs; global buffer 192 KiB at 64 B/cycle and 1.38 pJ/B;
// DRAM 25.6 GB/s = 128 B/cycle, 56 pJ/B, 100 ns; NoC 64 B/cycle (inter-cluster 64, 16
// clusters x 8 intra), 0.46 pJ/B; MAC and register file 0.23 pJ; 0.03 W) running a 3x3
// convolution from 64 to 256 channels at 28x28 (stride 1).
TEST(HandDerivedCost, ConvolutionOnEyerissV2)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 64, 28, 28 }), 256, 3);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = RowStationaryCostModel(builtinAccelerator("eyeriss_v2", 0)).evaluate(layer);
    ASSERT_EQ(c.folds.dataflow, "row stationary");
    // Logical PEs: 3 kernel rows x 28 output rows x 256 filters x 64 channels = 1,376,256,
    // 7,168 passes over 192 PEs, each 3 x 28 = 84 MACs: ceil(7,168 x 84 / 2) = 301,056
    // cycles, plus a fill of 3 kernel rows + 16 clusters = 19.
    EXPECT_EQ(c.folds.rowFolds, 7168);
    EXPECT_EQ(c.computeCycles, 301075);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 1.0);
    // Filters per pass: floor(256 / (2 x 3)) = 42 filter rows per PE, floor(192 x 42 / 84) = 96
    // filters, so the 50,176 input bytes are fetched ceil(256 / 96) = 3 times (150,528 B).
    // Weights 576 x 256 = 147,456 B do not fit half the register files (24,576 B): delivered
    // once per time step (one step). Outputs 784 x 256 = 200,704 B written once.
    EXPECT_EQ(c.traffic.arrayBytes, 147456 + 150528 + 200704);
    EXPECT_EQ(c.traffic.nocBytes, 498688);
    // Parameters 147,456 + 256 = 147,712 B exceed the register files (49,152 B): streamed.
    // Activations 50,176 + 200,704 = 250,880 B exceed the 196,608 B buffer. Weights outer:
    // 4 weight tiles, inputs re-read per tile: 147,712 + 4 x 50,176 + 200,704 = 549,120 B;
    // activations outer: 2 activation tiles, weights re-read per tile: 2 x 147,712 + 250,880
    // = 546,304 B. The cheaper, activations outer, is taken.
    EXPECT_FALSE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 546304);
    // Memory: DRAM 546,304 / 128 = 4,268 cycles; buffer port and NoC 498,688 / 64 = 7,792.
    EXPECT_DOUBLE_EQ(c.memory.dram, 4268);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 7792);
    EXPECT_DOUBLE_EQ(c.memory.noc, 7792);
    // Total: 301,075 + 100 ns x 200 MHz = 20 exposed cycles.
    EXPECT_DOUBLE_EQ(c.cycles, 301095);
    EXPECT_EQ(c.bound, "compute");
    // MACs 784 x 576 x 256 = 115,605,504.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(115605504 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * 115605504 * 0.23));
    // Buffers: weights read from and written to the register files (0.23 pJ/B: they bypass
    // the global buffer), activations read (150,528 B) and written (200,704 B output plus
    // 250,880 B filled from DRAM) in the global buffer.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(147456 * 0.23 + 150528 * 1.38 + 200704 * 1.38 + 2 * 147712 * 0.23 + 250880 * 1.38));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Noc], pj(498688 * 0.46));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(546304 * 56.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.03 * 301095 / 200e6);
}
