// Exact costs of single layers on the built-in PE-array accelerators (Mensa's three, the Edge
// TPU, Eyeriss v2, the Coral devices), derived by hand from the formulas documented in
// core/cost (SystolicCostModel::folds / mapArray, RowStationaryCostModel::mapArray,
// SpecCostModel::dramTraffic / evaluateCompute / finish) and the numbers in
// resources/accelerators/*.textproto. Each expected value is worked out in the comment above
// it; none is copied from the program's output. A changed spec constant or formula moves at
// least one of them.
#include "CostTestModels.h"
#include "cost/RowStationaryCostModel.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "cost/SystolicCostModel.h"
#include "dse/AreaModel.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

using namespace mensa;
using testmodels::LayerModelBuilder;
using testmodels::pj;
const auto conv3x3 = testmodels::conv3x3At28;

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

// The layer's cost with its mapping chosen for `objective`.
LayerCost evaluateFor(const CostModel& model, const Layer& layer, const Objective& objective)
{
    EvaluationContext context;
    context.objective = objective;
    return model.evaluateIn(layer, context);
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

// The same depthwise layer on Jacquard's array with its folds not pipelined (SCALE-Sim's
// timing) under output and input stationary: the groups are packed block-diagonally there
// too, the packed dimension growing the stream instead of the PEs used.
TEST(HandDerivedCost, DepthwiseConvolutionPacksUnderOutputAndInputStationary)
{
    LayerModelBuilder b("dw");
    b.depthwise(b.input("x", { 32, 28, 28 }), 3);
    const Layer layer = b.build().layers.at(0);
    auto withDataflow = [](spec::Dataflow dataflow) {
        auto spec = std::make_shared<spec::AcceleratorSpec>(*mensaAccelerator(2));
        spec->set_dataflow(dataflow);
        spec->set_pipelined_folds(false);
        return SystolicCostModel(spec);
    };
    // Output stationary: N = 1 per group on 32 columns, so all 32 groups pack (32 columns
    // mapped, one column fold); T streams 9 x 32 = 288 cycles; Sr = 784 takes 25 row folds.
    const LayerCost os = withDataflow(spec::OUTPUT_STATIONARY).evaluate(layer);
    EXPECT_EQ(os.folds.packedGroups, 32);
    EXPECT_EQ(os.folds.rowFolds, 25);
    EXPECT_EQ(os.folds.colFolds, 1);
    EXPECT_EQ(os.folds.streamCycles, 288);
    // Drain ceil(32 x 32 B / 128 B per cycle) = 8 cycles, hidden under the next fold's
    // 62 + 288 = 350 cycles except the last: 350 + 24 x 350 + 8 = 8,758 cycles, one pass.
    EXPECT_EQ(os.folds.loadCycles, 8);
    EXPECT_EQ(os.folds.cyclesPerPass, 8758);
    EXPECT_EQ(os.folds.passes, 1);
    EXPECT_EQ(os.computeCycles, 8758);
    // Unpacked it would be 32 passes of 71 + 24 x 71 + 8 = 1,783 cycles = 57,056.
    // 784 of 25 x 1024 PE slots hold useful work (each PE uses 9 of its 288 stream steps).
    EXPECT_DOUBLE_EQ(os.spatialUtilization, 784.0 / (25 * 1024));
    // Loop nest: Sr 25 folds, N 1 fold, T streamed. Per group: weights 9 B read per Sr fold
    // (x 25 = 225), inputs 7,056 B once, outputs 784 B written once (T runs inside both of
    // their loops); x 32 groups: 7,200 + 225,792 + 25,088 = 258,080 B.
    EXPECT_EQ(os.folds.weightFetches, 25);
    EXPECT_EQ(os.folds.inputFetches, 1);
    EXPECT_EQ(os.folds.psumSpills, 0);
    EXPECT_EQ(os.traffic.arrayBytes, 258080);

    // Input stationary: T = 9 rows per group on 32 rows, so floor(32 / 9) = 3 groups pack
    // (27 rows); Sr = 784 takes 25 column folds; N streams 1 x 3 = 3 cycles. Each fold loads
    // ceil(32 x 32 B / 128 B per cycle) = 8 cycles: 25 x (8 + 62 + 3) = 1,825 cycles per pass,
    // ceil(32 / 3) = 11 passes = 20,075 cycles (unpacked: 32 x 25 x 71 = 56,800).
    const LayerCost is = withDataflow(spec::INPUT_STATIONARY).evaluate(layer);
    EXPECT_EQ(is.folds.packedGroups, 3);
    EXPECT_EQ(is.folds.mappedRows, 27);
    EXPECT_EQ(is.folds.colFolds, 25);
    EXPECT_EQ(is.folds.streamCycles, 3);
    EXPECT_EQ(is.folds.cyclesPerPass, 1825);
    EXPECT_EQ(is.folds.passes, 11);
    EXPECT_EQ(is.computeCycles, 20075);
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
    // The 7,168 passes are reachable by sets of 3 kernel rows x e output rows, 192 / 3e side by
    // side, for e = 4 (16 sets, 7 x 1,024), 2 (32 sets, 14 x 512) and 1 (64 sets, 28 x 256);
    // whole sets of 3 x 28 would fit only 2 per pass (8,192 passes). Every other shape has
    // more passes and no more sets, so 3 x 1 with 64 sets is the one legal mapping worth
    // costing: as many passes and as few buffer bytes as any.
    EXPECT_EQ(c.folds.mappingCandidates, 1);
    EXPECT_EQ(c.folds.setKernelRows, 3);
    EXPECT_EQ(c.folds.setOutputRows, 1);
    EXPECT_EQ(c.folds.setsPerPass, 64);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 1.0);
    // Sharing: a PE holds floor(256 / (2 x 3)) = 42 filter rows, split into p filters x q
    // channels; the 64 sets split into Sf filters x Sc channels. Inputs (50,176 B) are fetched
    // ceil(256 / (Sf p)) times, outputs (200,704 B) round-trip ceil(64 / (Sc q)) - 1 times
    // (401,408 B each). No round trip needs Sc q >= 64, which leaves Sf p at most 42 (q 1,
    // Sc 64, p 42, Sf 1, or q 2, Sc 32, p 21, Sf 2): 7 fetches = 351,232 B. A round trip costs
    // more than the 6 fetches it could save. q 4 / Sc 16 / p 10 / Sf 4 and q 8 / Sc 8 / p 5 /
    // Sf 8 (Sf p = 40) also need 7 fetches; the tie goes to the most filters per PE: q 1,
    // Sc 64, p 42, Sf 1.
    EXPECT_EQ(c.folds.channelsPerPe, 1);
    EXPECT_EQ(c.folds.channelSets, 64);
    EXPECT_EQ(c.folds.filtersPerPe, 42);
    EXPECT_EQ(c.folds.filterSets, 1);
    EXPECT_EQ(c.folds.inputFetches, 7);
    EXPECT_EQ(c.folds.psumSpills, 0);
    // Weights 576 x 256 = 147,456 B do not fit half the register files (24,576 B): delivered
    // once per time step (one step). Reads: 7 x 50,176 = 351,232 B; writes: the outputs,
    // 200,704 B.
    EXPECT_EQ(c.traffic.arrayBytes, 147456 + 351232 + 200704);
    EXPECT_EQ(c.traffic.nocBytes, 699392);
    // Parameters 147,456 + 256 = 147,712 B exceed the register files (49,152 B): streamed.
    // Activations 50,176 + 200,704 = 250,880 B exceed the 196,608 B buffer by 54,272 B, which
    // spill: the whole input (50,176 B) and 4,096 B of output. Weights outer: 4 weight tiles,
    // the spilled input re-read per tile: 147,712 + 4 x 50,176 + 4,096 = 352,512 B;
    // activations outer: 2 activation tiles, weights re-read per tile: 2 x 147,712 + 54,272
    // = 349,696 B. The cheaper, activations outer, is taken.
    EXPECT_FALSE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 349696);
    // Memory: DRAM 349,696 / 128 = 2,732 cycles; buffer port and NoC 699,392 / 64 = 10,928.
    EXPECT_DOUBLE_EQ(c.memory.dram, 2732);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 10928);
    EXPECT_DOUBLE_EQ(c.memory.noc, 10928);
    // Total: 301,075 + 100 ns x 200 MHz = 20 exposed cycles.
    EXPECT_DOUBLE_EQ(c.cycles, 301095);
    EXPECT_EQ(c.bound, "compute");
    // MACs 784 x 576 x 256 = 115,605,504.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(115605504 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * 115605504 * 0.23));
    // Buffers: weights read from and written to the register files (0.23 pJ/B: they bypass
    // the global buffer), activations read (351,232 B towards the PEs plus the 4,096 spilled
    // output bytes drained to DRAM) and written (200,704 B of outputs plus the 50,176 spilled
    // input bytes filled from DRAM) in the global buffer.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(147456 * 0.23 + (351232 + 4096) * 1.38 + (200704 + 50176) * 1.38 + 2 * 147712 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Noc], pj(699392 * 0.46));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(349696 * 56.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.03 * 301095 / 200e6);
    // By level: DRAM reads the weights twice and the spilled input once (2 x 147,712 + 50,176)
    // and writes the 4,096 spilled output bytes; the weights' store is the PE register files
    // (delivered 147,456 B, filled 295,424 B); the global buffer reads 351,232 B towards the
    // PEs plus the 4,096 output bytes it drains to DRAM, and writes 200,704 B of outputs plus
    // the 50,176 input bytes filled from DRAM.
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::OffChip].reads, 345600);
    EXPECT_EQ(lv[StorageLevel::OffChip].writes, 4096);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].name, "PE register files (weights)");
    EXPECT_EQ(lv[StorageLevel::ParameterStore].reads, 147456);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].writes, 295424);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].name, "global buffer");
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 351232 + 4096);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, 200704 + 50176);
}

// A 1x1 (pointwise) convolution from 128 to 128 channels at 14x14 on Eyeriss v2: one kernel
// row, so the PE-set shape is only a choice of output rows per set.
TEST(HandDerivedCost, PointwiseConvolutionOnEyerissV2)
{
    LayerModelBuilder b("pointwise");
    b.conv(b.input("x", { 128, 14, 14 }), 128, 1);
    const Layer layer = b.build().layers.at(0);
    const RowStationaryCostModel eyeriss(builtinAccelerator("eyeriss_v2", 0));
    const LayerCost c = evaluateFor(eyeriss, layer, Objective::latency());
    // Items: 128 filters x 128 channels = 16,384. Output-row tiles of 14 rows: 13 sets side by
    // side, 1,261 passes; 7: 27 sets, 2 x 607 = 1,214; 5: 38 sets, 3 x 432 = 1,296; 4: 48 sets,
    // 4 x 342 = 1,368; 3: 64 sets, 5 x 256 = 1,280; 2: 96 sets, 7 x 171 = 1,197; 1: 192 sets,
    // 14 x 86 = 1,204. Sets of 1 x 2 have the fewest passes (perfect folding would need
    // 1,195); sets of 1 x 1 are the only other shape that no shape beats on passes and sets, so
    // two mappings are costed and latency takes 1 x 2.
    EXPECT_EQ(c.folds.mappingCandidates, 2);
    EXPECT_EQ(c.folds.mappingObjective, "latency");
    EXPECT_EQ(c.folds.setKernelRows, 1);
    EXPECT_EQ(c.folds.setOutputRows, 2);
    EXPECT_EQ(c.folds.setsPerPass, 96);
    EXPECT_EQ(c.folds.rowFolds, 1197);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 229376.0 / (1197 * 192));
    // 1,197 passes x 14 MACs / 2 per cycle = 8,379, plus 1 kernel row + 16 clusters.
    EXPECT_EQ(c.computeCycles, 8396);
    // Weights 16,384 B fit half the register files: delivered once. Sharing: a PE holds
    // floor(256 / 2) = 128 filter rows (p filters x q channels), the 96 sets split into Sf x Sc.
    // A round trip of the 25,088 output bytes (50,176 B) costs two fetches of the 25,088 input
    // bytes. One fetch needs Sf p >= 128, which leaves Sc q <= 96 < 128 channels: a round trip,
    // 75,264 B. Two fetches with no round trip (Sc q >= 128, Sf p >= 64) take 50,176 B, e.g.
    // q 128 / Sc 1 / p 1 / Sf 96, up to q 2 / Sc 64 / p 64 / Sf 1; the tie goes to the most
    // filters per PE, and the first of those found (q 2, Sc 64).
    EXPECT_EQ(c.folds.inputFetches, 2);
    EXPECT_EQ(c.folds.psumSpills, 0);
    EXPECT_EQ(c.folds.filtersPerPe, 64);
    EXPECT_EQ(c.folds.channelsPerPe, 2);
    EXPECT_EQ(c.folds.channelSets, 64);
    EXPECT_EQ(c.traffic.arrayBytes, 16384 + 2 * 25088 + 25088);
    // Parameters 16,512 B stay in the register files; 50,176 B of activations fit the buffer.
    EXPECT_TRUE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 0);
    EXPECT_DOUBLE_EQ(c.memory.noc, 91648.0 / 64);
    EXPECT_DOUBLE_EQ(c.cycles, 8396);
    EXPECT_EQ(c.bound, "compute");
    const double macs = 196.0 * 128 * 128; // 3,211,264
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(macs * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * macs * 0.23));
    EXPECT_DOUBLE_EQ(
        c.energy[EnergyComponent::Buffer], pj(16384 * 0.23 + 2 * 25088 * 1.38 + 25088 * 1.38));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Noc], pj(91648 * 0.46));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.03 * 8396 / 200e6);

    // Sets of 1 x 1, 192 side by side: 1,204 passes x 7 cycles + 17 = 8,445 cycles. A PE's
    // 128 filter rows all go to filters (q 1, p 128) and 128 sets add up the 128 channels
    // (Sc 128, Sf 1): inputs fetched once, no round trip: 25,088 B read, 25,088 B written,
    // 66,560 B over the NoC. Against 1 x 2 it saves 25,088 B of buffer reads and NoC bytes,
    // 25,088 x (1.38 + 0.46) = 46,162 pJ, for 49 cycles of static power (7,350 pJ), so energy
    // takes it. Energies: 1 x 2: MACs 738,590.72 + registers 2,215,772.16 + buffer
    // 107,632.64 + NoC 42,158.08 + static 1,259,400 = 4,363,553.6 pJ over 8,396 cycles;
    // 1 x 1: 738,590.72 + 2,215,772.16 + 73,011.2 + 30,617.6 + 1,266,750 = 4,324,741.68 pJ
    // over 8,445 cycles. EDP: 3.6636e10 against 3.6523e10 (pJ x cycles), so EDP takes 1 x 1.
    for (const Objective& objective : { Objective::energy(), Objective::edp() }) {
        SCOPED_TRACE(objective.toString());
        const LayerCost e = evaluateFor(eyeriss, layer, objective);
        EXPECT_EQ(e.folds.mappingCandidates, 2);
        EXPECT_EQ(e.folds.mappingObjective, objective.toString());
        EXPECT_EQ(e.folds.setOutputRows, 1);
        EXPECT_EQ(e.folds.setsPerPass, 192);
        EXPECT_EQ(e.folds.rowFolds, 1204);
        EXPECT_EQ(e.computeCycles, 8445);
        EXPECT_EQ(e.folds.filtersPerPe, 128);
        EXPECT_EQ(e.folds.channelsPerPe, 1);
        EXPECT_EQ(e.folds.channelSets, 128);
        EXPECT_EQ(e.folds.filterSets, 1);
        EXPECT_EQ(e.folds.inputFetches, 1);
        EXPECT_EQ(e.folds.psumSpills, 0);
        EXPECT_EQ(e.traffic.arrayBytes, 16384 + 25088 + 25088);
        EXPECT_DOUBLE_EQ(e.energy.total(), pj(4324741.68));
        EXPECT_DOUBLE_EQ(c.energy.total(), pj(4363553.6));
    }
}

// AlexNet's first convolution (one tower: 3 to 48 channels, 11x11 kernel, stride 4, 55x55
// out) on Eyeriss v2: 11 x 55 x 144 = 87,120 logical PEs would fold perfectly into
// ceil(87,120 / 192) = 454 passes, which no set shape reaches. With whole kernel rows the best
// is sets of 11 x 1, 17 side by side: 55 x ceil(144 / 17) = 495 passes. Splitting the kernel
// rows does better: sets of 1 x 8, 24 side by side, 11 x ceil(55 / 8) x ceil(144 / 24) =
// 11 x 7 x 6 = 462 passes, and so do sets of 1 x 4, 48 side by side, 11 x 14 x 3 = 462; but
// the 10 extra splits read and write the 145,200 output bytes. Latency takes the fewest
// passes, energy the whole kernel rows.
TEST(HandDerivedCost, RowStationarySetsFoldIntegrally)
{
    LayerModelBuilder b("alexnet_conv1");
    b.conv(b.input("x", { 3, 220, 220 }), 48, 11, 4);
    const Layer layer = b.build().layers.at(0);
    const RowStationaryCostModel eyeriss(builtinAccelerator("eyeriss_v2", 0));
    const LayerCost c = evaluateFor(eyeriss, layer, Objective::latency());
    EXPECT_EQ(c.folds.setKernelRows, 1);
    EXPECT_EQ(c.folds.setOutputRows, 4);
    EXPECT_EQ(c.folds.setsPerPass, 48);
    EXPECT_EQ(c.folds.rowFolds, 462);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 87120.0 / (462 * 192));
    // 462 passes x 11 x 55 MACs / 2 per cycle = 139,755, plus 11 kernel rows + 16 clusters.
    EXPECT_EQ(c.computeCycles, 139782);
    // Weights 17,424 B fit half the register files (24,576 B): delivered once. Sharing: a PE
    // holds floor(256 / (2 x 11)) = 11 filter rows (p filters x q channels), the 48 sets split
    // into Sf x Sc. The 11 kernel-row splits each send the outputs (145,200 B) through the
    // buffer at least once: 10 round trips when all 3 channels add up inside the array
    // (Sc q >= 3), 21 with 2, 32 with 1. With Sc 3, q 1: p 11, Sf 16 filters, 176 >= 48, so the
    // 145,200 input bytes are fetched once: 145,200 + 10 x 290,400 B, the fewest (q 2 / Sc 2
    // and q 3 / Sc 1 tie, with fewer filters per PE). The 1 x 8 sets reach the same bytes
    // (Sf 8, p 11) with fewer sets, so they are not costed.
    EXPECT_EQ(c.folds.channelSets, 3);
    EXPECT_EQ(c.folds.channelsPerPe, 1);
    EXPECT_EQ(c.folds.filtersPerPe, 11);
    EXPECT_EQ(c.folds.filterSets, 16);
    EXPECT_EQ(c.folds.inputFetches, 1);
    EXPECT_EQ(c.folds.psumSpills, 10);
    // Outputs written once and read and written again per round trip.
    EXPECT_EQ(c.traffic.arrayBytes, 17424 + 145200 + 145200 + 2 * 10 * 145200);

    // Energy: every shape that splits the kernel rows pays at least one round trip, 290,400 B
    // of buffer and NoC bytes ((1.38 + 0.46) pJ each: 534,336 pJ); none saves more than
    // (495 - 462) x 302.5 cycles of 0.03 W static power (1,497 pJ). Whole kernel rows (11 x 1,
    // 17 sets) need no round trip, and with Sc 3, q 1, p 11, Sf 5 (55 >= 48 filters) one
    // input fetch: the least any mapping moves, 145,200 B read and 145,200 B written.
    // ceil(495 x 605 / 2) = 149,738 cycles + 27.
    const LayerCost e = evaluateFor(eyeriss, layer, Objective::energy());
    EXPECT_EQ(e.folds.setKernelRows, 11);
    EXPECT_EQ(e.folds.setOutputRows, 1);
    EXPECT_EQ(e.folds.setsPerPass, 17);
    EXPECT_EQ(e.folds.rowFolds, 495);
    EXPECT_EQ(e.computeCycles, 149765);
    EXPECT_EQ(e.folds.channelSets, 3);
    EXPECT_EQ(e.folds.channelsPerPe, 1);
    EXPECT_EQ(e.folds.filtersPerPe, 11);
    EXPECT_EQ(e.folds.filterSets, 5);
    EXPECT_EQ(e.folds.inputFetches, 1);
    EXPECT_EQ(e.folds.psumSpills, 0);
    EXPECT_EQ(e.traffic.arrayBytes, 17424 + 145200 + 145200);
    EXPECT_LT(e.energy.total(), c.energy.total());
    EXPECT_GT(e.seconds, c.seconds);
}

// Pascal (64x64 weight-stationary array, pipelined folds, 500 MHz; parameter buffer 1 MiB at
// 128 B/cycle and 3.5 pJ/B; activation buffer 512 KiB at 128 B/cycle and 2.5 pJ/B; DRAM
// 32 GB/s = 64 B/cycle, 56 pJ/B, 100 ns; MAC and register file 0.23 pJ; 0.2 W) running a 3x3
// convolution from 256 to 512 channels at 28x28 whose weights and activations both spill.
TEST(HandDerivedCost, SpillingConvolutionOnPascal)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 256, 28, 28 }), 512, 3);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(mensaAccelerator(0)).evaluate(layer);
    // Sr = 784, T = 2304, N = 512: 36 row folds x 8 column folds = 288 folds of a full array.
    EXPECT_EQ(c.folds.rowFolds, 36);
    EXPECT_EQ(c.folds.colFolds, 8);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 1.0);
    // Load ceil(4096 B / 128) = 32, skew 126: 288 x max(784, 32) + 32 + 126 = 225,950.
    EXPECT_EQ(c.computeCycles, 225950);
    // Weights 2304 x 512 = 1,179,648 B; inputs 784 x 2304 = 1,806,336 B per column fold (x 8);
    // partial sums 401,408 B read per extra row fold (x 35) and written per row fold (x 36).
    EXPECT_EQ(c.traffic.arrayBytes, 1179648 + 8 * 1806336 + 35 * 401408 + 36 * 401408);
    // Parameters 1,179,648 + 512 = 1,180,160 B > 1 MiB: 2 weight tiles. Activations 200,704 +
    // 401,408 = 602,112 B exceed 512 KiB by 77,824 B, all of it input: 2 activation tiles.
    // Weights outer: 1,180,160 + 2 x 77,824 = 1,335,808 B; activations outer: 2 x 1,180,160 +
    // 77,824 = 2,438,144 B.
    EXPECT_EQ(c.traffic.dramBytes, 1335808);
    // DRAM 1,335,808 / 64 = 20,872 cycles; ports 44,130,304 / 256 = 172,384.
    EXPECT_DOUBLE_EQ(c.memory.dram, 20872);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 172384);
    EXPECT_DOUBLE_EQ(c.cycles, 225950 + 50);
    const double macs = 784.0 * 2304 * 512;
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(macs * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * macs * 0.23));
    // Weights read and written (filled) at 3.5 pJ/B, activations at 2.5 pJ/B (the spilled
    // input filled twice: 155,648 B).
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(1179648 * 3.5 + (8 * 1806336 + 35 * 401408) * 2.5 + 36 * 401408 * 2.5 + 1180160 * 3.5
            + 155648 * 2.5));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(1335808 * 56.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.2 * 226000 / 500e6);
    // By level: DRAM reads the parameters and the spilled input twice (1,335,808 B) and writes
    // nothing (no output byte spills); the parameter buffer is read 1,179,648 B and filled
    // 1,180,160 B; the activation buffer is read 14,450,688 + 14,049,280 B and written
    // 14,450,688 B of partial sums plus the 155,648 B filled from DRAM.
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::OffChip].reads, 1335808);
    EXPECT_EQ(lv[StorageLevel::OffChip].writes, 0);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].reads, 1179648);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].writes, 1180160);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 8 * 1806336 + 35 * 401408);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, 36 * 401408 + 155648);
    EXPECT_DOUBLE_EQ(lv[StorageLevel::OffChip].joules, pj(1335808 * 56.0));
}

// Pascal running the LSTM step Pavlov runs above (640 inputs, 1024 cells): Pascal's 64 x 64
// array and pipelined folds make few, long folds, but its 1 MiB parameter buffer cannot hold
// the weights, so they stream over the 32 GB/s interface and the step is memory-bound.
TEST(HandDerivedCost, OneLstmStepOnPascal)
{
    LayerModelBuilder b("speech");
    b.lstm(b.input("frame", { 640, 1, 1 }), 1024);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(mensaAccelerator(0)).evaluate(layer);
    // Sr = 1, T = 1664, N = 4096: ceil(1664 / 64) = 26 row folds x 64 column folds.
    EXPECT_EQ(c.folds.rowFolds, 26);
    EXPECT_EQ(c.folds.colFolds, 64);
    // Load ceil(4096 B / 128 B per cycle) = 32 cycles, skew 126; pipelined:
    // 1,664 x max(stream 1, load 32) + 32 + 126 = 53,406 cycles.
    EXPECT_EQ(c.folds.loadCycles, 32);
    EXPECT_EQ(c.computeCycles, 53406);
    // Weights 6,815,744 B once; inputs 1,664 B x 64 column folds = 106,496; partial sums
    // 4,096 B read x 25 = 102,400 and written x 26 = 106,496.
    EXPECT_EQ(c.traffic.arrayBytes, 6815744 + 106496 + 102400 + 106496);
    // Parameters 6,823,936 B: 7 tiles of the 1 MiB buffer; the activations fit, so both loop
    // orders fetch the parameters once.
    EXPECT_FALSE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 6823936);
    // DRAM 6,823,936 / 64 B per cycle = 106,624 cycles; ports 7,131,136 / 256 = 27,856.
    EXPECT_DOUBLE_EQ(c.memory.dram, 106624);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 27856);
    EXPECT_EQ(c.bound, "memory");
    // 106,624 + 100 ns x 500 MHz = 50 exposed cycles.
    EXPECT_DOUBLE_EQ(c.cycles, 106674);
    EXPECT_DOUBLE_EQ(c.utilization, 6815744.0 / (4096 * 106674));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(6815744 * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * 6815744 * 0.23));
    // Weights read (6,815,744 B) and filled (6,823,936 B) at 3.5 pJ/B; the activation side
    // (315,392 B) at 2.5 pJ/B.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(6815744 * 3.5 + (106496 + 102400 + 106496) * 2.5 + 6823936 * 3.5));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(6823936 * 56.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.2 * 106674 / 500e6);
}

// The Edge TPU baseline (edge_tpu.textproto: 64 x 64 weight-stationary array, folds not
// pipelined, 500 MHz; parameter buffer 8 MiB at 64 B/cycle and 10 pJ/B; activation buffer
// 2 MiB at 128 B/cycle and 5 pJ/B; DRAM 32 GB/s = 64 B/cycle, 56 pJ/B, 100 ns; MAC and register
// file 0.23 pJ; 0.35 W) running a 3x3 convolution from 64 to 128 channels at 28x28.
TEST(HandDerivedCost, ConvolutionOnEdgeTpu)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 64, 28, 28 }), 128, 3);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(builtinAccelerator("edge_tpu", 0)).evaluate(layer);
    // Sr = 784, T = 576, N = 128: 9 row folds x 2 column folds, every PE of every fold used.
    EXPECT_EQ(c.folds.rowFolds, 9);
    EXPECT_EQ(c.folds.colFolds, 2);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 1.0);
    // Load ceil(4096 B / 64 B per cycle) = 64 cycles, skew 126, stream 784; not pipelined:
    // 18 x (64 + 126 + 784) = 17,532 cycles.
    EXPECT_EQ(c.folds.loadCycles, 64);
    EXPECT_EQ(c.folds.cyclesPerPass, 17532);
    EXPECT_EQ(c.computeCycles, 17532);
    // Loop nest: N 2 folds, T 9 folds, Sr 784 streamed. Weights once (Sr runs inside both of
    // their loops); inputs 784 x 576 = 451,584 B per N fold (x 2); outputs 100,352 B revisited
    // per T fold: partial sums read 8 times and written 9 times.
    EXPECT_EQ(c.folds.loopDimensions[0], "N");
    EXPECT_EQ(c.folds.loopTrips[1], 9);
    EXPECT_EQ(c.folds.weightFetches, 1);
    EXPECT_EQ(c.folds.inputFetches, 2);
    EXPECT_EQ(c.folds.psumSpills, 8);
    EXPECT_EQ(c.traffic.arrayBytes, 73728 + 903168 + 802816 + 903168);
    // 73,856 B of parameters stay resident; 50,176 + 100,352 B of activations fit 2 MiB.
    EXPECT_TRUE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 0);
    // Ports 2,682,880 / 192 B per cycle; compute-bound; no DRAM traffic, no exposed latency.
    EXPECT_DOUBLE_EQ(c.memoryCycles, 2682880.0 / 192);
    EXPECT_DOUBLE_EQ(c.cycles, 17532);
    EXPECT_DOUBLE_EQ(c.seconds, 35.064e-6);
    EXPECT_EQ(c.bound, "compute");
    const double macs = 784.0 * 576 * 128; // 57,802,752
    EXPECT_DOUBLE_EQ(c.utilization, macs / (4096 * 17532));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(macs * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * macs * 0.23));
    EXPECT_DOUBLE_EQ(
        c.energy[EnergyComponent::Buffer], pj(73728 * 10.0 + (903168 + 802816 + 903168) * 5.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Noc], 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.35 * 17532 / 500e6);
    // The same bytes by level: weights read from the parameter buffer; inputs and partial sums
    // read (1,705,984 B) and partial sums written (903,168 B) in the activation buffer; each MAC
    // reads 2 B and writes 1 B in the PE registers; nothing crosses DRAM.
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::OffChip].name, "DRAM");
    EXPECT_EQ(lv[StorageLevel::OffChip].bytes(), 0);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].name, "parameter buffer");
    EXPECT_EQ(lv[StorageLevel::ParameterStore].reads, 73728);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].writes, 0);
    EXPECT_DOUBLE_EQ(lv[StorageLevel::ParameterStore].joules, pj(73728 * 10.0));
    EXPECT_EQ(lv[StorageLevel::ActivationStore].name, "activation buffer");
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 1705984);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, 903168);
    EXPECT_DOUBLE_EQ(lv[StorageLevel::ActivationStore].joules, pj(2609152 * 5.0));
    EXPECT_EQ(lv[StorageLevel::RegisterFile].reads, 2 * macs);
    EXPECT_EQ(lv[StorageLevel::RegisterFile].writes, macs);
}

// A 4096 -> 4096 fully connected layer on the Edge TPU: 16 MiB of weights exceed the 8 MiB
// parameter buffer and stream from DRAM, yet the layer stays compute-bound, because each of
// its 4,096 folds streams one input row against a 64-cycle load and a 126-cycle skew.
TEST(HandDerivedCost, StreamedFullyConnectedLayerOnEdgeTpu)
{
    LayerModelBuilder b("fc");
    b.fc(b.input("x", { 4096, 1, 1 }), 4096);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(builtinAccelerator("edge_tpu", 0)).evaluate(layer);
    // 64 x 64 folds of 64 + 126 + 1 = 191 cycles: 782,336 cycles.
    EXPECT_EQ(c.folds.rowFolds, 64);
    EXPECT_EQ(c.folds.colFolds, 64);
    EXPECT_EQ(c.computeCycles, 782336);
    // Weights 16,777,216 B; inputs 4,096 B x 64; partial sums 4,096 B x 63 read, x 64 written.
    EXPECT_EQ(c.traffic.arrayBytes, 16777216 + 262144 + 258048 + 262144);
    // Parameters 16,777,216 + 4,096 (biases) = 16,781,312 B: 3 tiles of 8 MiB, fetched once
    // (the 8,192 B of activations fit, so no loop order re-reads anything).
    EXPECT_FALSE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 16781312);
    EXPECT_DOUBLE_EQ(c.memory.dram, 16781312.0 / 64);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 17559552.0 / 192);
    EXPECT_EQ(c.bound, "compute");
    EXPECT_DOUBLE_EQ(c.cycles, 782336 + 50);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(16777216 * 0.23));
    // Weights read and filled at 10 pJ/B, the activation side at 5 pJ/B.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(16777216 * 10.0 + (262144 + 258048 + 262144) * 5.0 + 16781312 * 10.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(16781312 * 56.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.35 * 782386 / 500e6);
}

// The same 4096 -> 4096 layer on the Coral USB Accelerator (coral_usb: the Edge TPU above
// with a USB 3.0 host link of 0.42 GB/s = 0.84 B/cycle at 500 MHz, 100 pJ/B, and a 10 us
// per-layer host cost): the streamed weights come over the link, not from DRAM, and the
// link, not the 782,336-cycle fold schedule, sets the time.
TEST(HandDerivedCost, StreamedFullyConnectedLayerOnCoralUsb)
{
    LayerModelBuilder b("fc");
    b.fc(b.input("x", { 4096, 1, 1 }), 4096);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(builtinAccelerator("coral_usb", 0)).evaluate(layer);
    EXPECT_EQ(c.computeCycles, 782336);
    EXPECT_FALSE(c.parametersOnChip);
    // 16,781,312 B of parameters cross the link; none cross DRAM (no exposed DRAM latency).
    EXPECT_EQ(c.traffic.hostLinkBytes, 16781312);
    EXPECT_EQ(c.traffic.dramBytes, 0);
    EXPECT_DOUBLE_EQ(c.memory.hostLink, 16781312 / 0.84);
    EXPECT_DOUBLE_EQ(c.memoryCycles, 16781312 / 0.84);
    EXPECT_EQ(c.bound, "memory");
    // Link time + 10 us x 500 MHz = 5,000 cycles of per-layer overhead.
    EXPECT_DOUBLE_EQ(c.cycles, 16781312 / 0.84 + 5000);
    EXPECT_DOUBLE_EQ(c.seconds, (16781312 / 0.84 + 5000) / 500e6);
    // Off-chip energy is the link's: 16,781,312 B x 100 pJ/B; the buffers as on the Edge TPU.
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(16781312 * 100.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(16777216 * 10.0 + (262144 + 258048 + 262144) * 5.0 + 16781312 * 10.0));
    // By level: the DRAM level is untouched; the parameter buffer is read 16,777,216 B and
    // filled 16,781,312 B from the link.
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::OffChip].bytes(), 0);
    EXPECT_EQ(lv[StorageLevel::OffChip].joules, 0);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].reads, 16777216);
    EXPECT_EQ(lv[StorageLevel::ParameterStore].writes, 16781312);
}

// A 3x3 convolution from 256 to 256 channels at 112x112 on the Coral USB Accelerator with its
// weights streamed through 64 KiB of staging (what a schedule leaves when other layers' weights
// stay resident): weights and activations both overflow the chip, so the DRAM loop order is a
// choice. Weights outer re-reads the spilled input from DRAM once per weight tile; activations
// outer re-sends the weights over the slow USB link once per activation tile. The first moves
// five times the bytes but is faster; latency and edp take it, energy takes the other.
TEST(HandDerivedCost, DramLoopOrderFollowsTheObjectiveOnCoralUsb)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 256, 112, 112 }), 256, 3);
    const Layer layer = b.build().layers.at(0);
    const SystolicCostModel coral(builtinAccelerator("coral_usb", 0));
    auto costFor = [&](const Objective& objective) {
        EvaluationContext context;
        context.objective = objective;
        context.parameters = EvaluationContext::Residency::Streamed;
        context.stagingBytes = 65536;
        return coral.evaluateIn(layer, context);
    };
    const LayerCost latency = costFor(Objective::latency());
    const LayerCost energy = costFor(Objective::energy());
    const LayerCost edp = costFor(Objective::edp());
    // Sr = 12,544, T = 2,304, N = 256: 36 x 4 = 144 folds of load 64 + skew 126 + stream
    // 12,544 = 1,833,696 cycles, whatever the DRAM order.
    EXPECT_EQ(latency.computeCycles, 1833696);
    EXPECT_EQ(energy.computeCycles, 1833696);
    // Parameters 589,824 + 256 = 590,080 B: ceil(590,080 / 65,536) = 10 weight tiles. The
    // activations (3,211,264 B in, the same out) exceed the 2 MiB buffer by 4,325,376 B: the
    // whole input and 1,114,112 B of output spill; ceil(6,422,528 / 2,097,152) = 4 activation
    // tiles. Neither order moves fewer bytes of both kinds, so both are costed.
    for (const LayerCost* c : { &latency, &energy, &edp }) {
        EXPECT_EQ(c->folds.tileOrders, 2);
        EXPECT_EQ(c->folds.weightTiles, 10);
        EXPECT_EQ(c->folds.activationTiles, 4);
    }
    // Weights outer: 590,080 B over the link (0.84 B/cycle: 702,476 cycles) and 10 x 3,211,264
    // + 1,114,112 = 33,226,752 B of DRAM (519,168 cycles). The buffer ports move 589,824 +
    // 4 x 28,901,376 inputs + 35 x 3,211,264 partial sums read + 36 x 3,211,264 written =
    // 344,195,072 B / 192 B per cycle = 1,792,682.67 cycles: compute-bound at 1,833,696 + 50
    // exposed + 5,000 per-layer = 1,838,746 cycles.
    EXPECT_EQ(latency.folds.tileOrder, "weights outer");
    EXPECT_EQ(edp.folds.tileOrder, "weights outer");
    EXPECT_EQ(latency.traffic.hostLinkBytes, 590080);
    EXPECT_EQ(latency.traffic.dramBytes, 33226752);
    EXPECT_DOUBLE_EQ(latency.memory.hostLink, 590080 / 0.84);
    EXPECT_DOUBLE_EQ(latency.memory.dram, 33226752.0 / 64);
    EXPECT_DOUBLE_EQ(latency.cycles, 1838746);
    EXPECT_EQ(latency.bound, "compute");
    // Activations outer: 4 x 590,080 = 2,360,320 B over the link (2,809,904.76 cycles) and
    // 3,211,264 + 1,114,112 = 4,325,376 B of DRAM: link-bound, 2,809,904.76 + 5,050 cycles.
    EXPECT_EQ(energy.folds.tileOrder, "activations outer");
    EXPECT_EQ(energy.traffic.hostLinkBytes, 2360320);
    EXPECT_EQ(energy.traffic.dramBytes, 4325376);
    EXPECT_DOUBLE_EQ(energy.cycles, 2360320 / 0.84 + 5050);
    EXPECT_EQ(energy.bound, "memory");
    // Off-chip: DRAM at 56 pJ/B plus the link at 100 pJ/B; the fills are written into the
    // parameter buffer (10 pJ/B) and the activation buffer (5 pJ/B) they fill.
    EXPECT_DOUBLE_EQ(
        latency.energy[EnergyComponent::OffChip], pj(33226752 * 56.0 + 590080 * 100.0));
    EXPECT_DOUBLE_EQ(energy.energy[EnergyComponent::OffChip], pj(4325376 * 56.0 + 2360320 * 100.0));
    const double arrayPj = 589824 * 10.0 + (344195072 - 589824) * 5.0;
    EXPECT_DOUBLE_EQ(
        latency.energy[EnergyComponent::Buffer], pj(arrayPj + 590080 * 10.0 + 33226752 * 5.0));
    EXPECT_DOUBLE_EQ(
        energy.energy[EnergyComponent::Buffer], pj(arrayPj + 2360320 * 10.0 + 4325376 * 5.0));
    // Energy: weights outer pays 1.920 mJ off chip, 0.172 mJ of fills and 1.287 mJ of static
    // power (0.35 W x 3.677 ms) beyond what both share; activations outer 0.478, 0.045 and
    // 1.970 mJ: 0.885 mJ less. Time favours weights outer by 1.95 ms, and with ~8.5 mJ shared
    // (MACs, registers, array-side buffers) so does the energy-delay product.
    EXPECT_LT(energy.energy.total(), latency.energy.total());
    EXPECT_LT(latency.seconds, energy.seconds);
    EXPECT_LT(edp.seconds * edp.energy.total(), energy.seconds * energy.energy.total());
    EXPECT_NE(mappingSummary(energy.folds)
                  .find("weight stationary, activations outer (10 weight x 4 activation tiles)"),
        std::string::npos)
        << mappingSummary(energy.folds);
}

// Jacquard running a 512 -> 640 fully connected layer whose 328,320 B of parameters exceed
// its 256 KiB parameter buffer.
TEST(HandDerivedCost, StreamedFullyConnectedLayerOnJacquard)
{
    LayerModelBuilder b("fc");
    b.fc(b.input("x", { 512, 1, 1 }), 640);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c = SystolicCostModel(mensaAccelerator(2)).evaluate(layer);
    // T = 512, N = 640: 16 x 20 = 320 folds, each max(stream 1, load 16) = 16 cycles,
    // + 16 + 62: 5,198 cycles.
    EXPECT_EQ(c.computeCycles, 5198);
    // Weights 327,680 B; inputs 512 B x 20 column folds; partial sums 640 B x 15 read and
    // x 16 written.
    EXPECT_EQ(c.traffic.arrayBytes, 327680 + 10240 + 9600 + 10240);
    // 2 weight tiles, activations fit: the parameters once from the stacked DRAM.
    EXPECT_EQ(c.traffic.dramBytes, 328320);
    EXPECT_DOUBLE_EQ(c.memory.dram, 328320.0 / 256);
    EXPECT_DOUBLE_EQ(c.memoryCycles, 357760.0 / 192);
    EXPECT_DOUBLE_EQ(c.cycles, 5198 + 25); // 50 ns at 500 MHz exposed
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], pj((357760 + 328320) * 1.8));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(328320 * 14.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], 0.08 * 5223 / 500e6);
}

// An elementwise Add of two 64 x 28 x 28 tensors (100,352 B in, 50,176 B out, 50,176
// operations) on the vector path of each accelerator: ceil(operations / lanes) cycles against
// the bytes moved through the activation-side port, spilling to DRAM when in + out exceed the
// activation buffer (Pavlov's 128 KiB); 0.3 pJ per operation everywhere.
TEST(HandDerivedCost, ElementwiseAddOnEveryVectorPath)
{
    LayerModelBuilder b("add");
    auto x = b.input("x", { 64, 28, 28 });
    b.add(x, b.input("y", { 64, 28, 28 }));
    const Layer add = b.build().layers.at(0);
    struct Expected {
        std::string name;
        AcceleratorSpecPtr spec;
        double computeCycles, cycles, bufferPj, dramBytes, offChipPj, staticJ;
    };
    const double moved = 150528;
    const std::vector<Expected> all {
        // Pascal: 64 lanes, 784 cycles; port 150,528 / 128 = 1,176 cycles (memory-bound).
        { "pascal", mensaAccelerator(0), 784, 1176, moved * 2.5, 0, 0, 0.2 * 1176 / 500e6 },
        // Pavlov: 32 lanes, 1,568; 150,528 B exceed the 131,072 B buffer by 19,456 B, which
        // spill: port 150,528 / 64 = 2,352 cycles, DRAM 76, + 25 exposed; the spilled bytes
        // are written into the buffer too.
        { "pavlov", mensaAccelerator(1), 1568, 2377, (moved + 19456) * 1.25, 19456, 19456 * 14.0,
            0.05 * 2377 / 500e6 },
        // Jacquard: 32 lanes, 1,568 cycles; port 150,528 / 128 = 1,176 (compute-bound).
        { "jacquard", mensaAccelerator(2), 1568, 1568, moved * 1.8, 0, 0, 0.08 * 1568 / 500e6 },
        // Eyeriss v2: 16 lanes, 3,136 cycles at 200 MHz; global buffer port 150,528 / 64.
        { "eyeriss_v2", builtinAccelerator("eyeriss_v2", 0), 3136, 3136, moved * 1.38, 0, 0,
            0.03 * 3136 / 200e6 },
        // Edge TPU: 64 lanes, 784 cycles; activation port 150,528 / 128 = 1,176 (memory-bound).
        { "edge_tpu", builtinAccelerator("edge_tpu", 0), 784, 1176, moved * 5.0, 0, 0,
            0.35 * 1176 / 500e6 },
    };
    for (const auto& e : all) {
        const LayerCost c = SystolicCostModel(e.spec).evaluate(add);
        EXPECT_DOUBLE_EQ(c.computeCycles, e.computeCycles) << e.name;
        EXPECT_DOUBLE_EQ(c.cycles, e.cycles) << e.name;
        EXPECT_DOUBLE_EQ(c.traffic.dramBytes, e.dramBytes) << e.name;
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(50176 * 0.3)) << e.name;
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], pj(e.bufferPj)) << e.name;
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(e.offChipPj)) << e.name;
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], e.staticJ) << e.name;
    }
}

// Jacquard spills an Add of two 128 x 28 x 28 tensors (301,056 B > its 256 KiB activation
// buffer): 3,136 cycles on 32 lanes, port 301,056 / 128 = 2,352, DRAM 152, + 25 exposed.
TEST(HandDerivedCost, SpillingAddOnJacquard)
{
    LayerModelBuilder b("add");
    auto x = b.input("x", { 128, 28, 28 });
    b.add(x, b.input("y", { 128, 28, 28 }));
    const LayerCost c = SystolicCostModel(mensaAccelerator(2)).evaluate(b.build().layers.at(0));
    EXPECT_DOUBLE_EQ(c.cycles, 3136 + 25);
    // 200,704 + 100,352 = 301,056 B of activations, 38,912 B over the 256 KiB buffer.
    EXPECT_DOUBLE_EQ(c.traffic.dramBytes, 38912);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], pj((301056 + 38912) * 1.8));
}

// Where each spilled byte is counted, with the activation buffer's reads and writes priced apart
// (1 and 3 pJ/B on a copy of Jacquard). An Add of two 512 x 28 x 28 tensors reads 802,816 B and
// writes 401,408 B: 942,080 B over the 256 KiB buffer, the whole input (802,816 B, filled from
// DRAM: store writes) and 139,264 B of the output (written by the array, then drained to DRAM:
// store reads).
TEST(HandDerivedCost, SpillsAreFilledIntoAndDrainedOutOfTheActivationStore)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*mensaAccelerator(2));
    spec->mutable_activation_buffer()->set_read_energy_pj_per_byte(1.0);
    spec->mutable_activation_buffer()->set_write_energy_pj_per_byte(3.0);
    LayerModelBuilder b("add");
    auto x = b.input("x", { 512, 28, 28 });
    b.add(x, b.input("y", { 512, 28, 28 }));
    const LayerCost c = SystolicCostModel(spec).evaluate(b.build().layers.at(0));
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::OffChip].reads, 802816);
    EXPECT_EQ(lv[StorageLevel::OffChip].writes, 139264);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 802816 + 139264);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, 401408 + 802816);
    EXPECT_DOUBLE_EQ(lv[StorageLevel::ActivationStore].joules,
        pj((802816 + 139264) * 1.0 + (401408 + 802816) * 3.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], lv[StorageLevel::ActivationStore].joules);
}

// Eyeriss v2 with its weights kept in the global buffer instead of bypassing it: both stores
// are that one buffer, and their names say which share each is.
TEST(HandDerivedCost, ASharedGlobalBufferNamesBothShares)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*builtinAccelerator("eyeriss_v2", 0));
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 64, 28, 28 }), 64, 3);
    const Layer layer = b.build().layers.at(0);
    EXPECT_EQ(
        RowStationaryCostModel(spec).evaluate(layer).levels[StorageLevel::ActivationStore].name,
        "global buffer");
    spec->set_weights_bypass_global_buffer(false);
    const LayerCost c = RowStationaryCostModel(spec).evaluate(layer);
    EXPECT_EQ(c.levels[StorageLevel::ParameterStore].name, "global buffer (weights)");
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].name, "global buffer (activations)");
}

// The Edge TPU with its parameter buffer replaced by a 1 MiB global buffer beside its
// activation buffer: weights are kept and read there, so they fit in its whole 1,048,576 B (it
// is not shared), not in the PE register files' 4096 x 16 = 65,536 B. The 3x3 conv from 128 to
// 128 channels at 14 x 14 holds 147,456 + 128 = 147,584 B of parameters: on chip, no DRAM byte
// (its 25,088 B of input and of output fit the 2 MiB activation buffer), 147,456 B of weights
// read from the global buffer at 10 pJ/B.
TEST(HandDerivedCost, WeightsKeptInAGlobalBufferBesideAnActivationBufferFitThere)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*builtinAccelerator("edge_tpu", 0));
    spec->clear_parameter_buffer();
    auto* global = spec->mutable_global_buffer();
    global->set_size_bytes(1048576);
    global->set_read_energy_pj_per_byte(10);
    global->set_write_energy_pj_per_byte(10);
    global->set_bandwidth_bytes_per_cycle(64);
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 128, 14, 14 }), 128, 3);
    const SystolicCostModel model(spec);
    EXPECT_EQ(model.parameterCapacity(), 1048576);
    const LayerCost c = model.evaluate(b.build().layers.at(0));
    EXPECT_TRUE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 0);
    EXPECT_EQ(c.levels[StorageLevel::ParameterStore].name, "global buffer");
    EXPECT_EQ(c.levels[StorageLevel::ParameterStore].reads, 147456);
    EXPECT_DOUBLE_EQ(c.levels[StorageLevel::ParameterStore].joules, pj(147456 * 10.0));
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].name, "activation buffer");
}

// Pavlov with no activation buffer (and no global buffer): activations have no store on chip,
// so the Add's 100,352 B of inputs come from DRAM and its 50,176 B output goes back; no buffer
// is charged for them (before, the DRAM fills were charged at the parameter buffer's 1.25
// pJ/B), the port is the memory's 256 B/cycle (588 cycles) and DRAM costs 14 pJ/B.
TEST(HandDerivedCost, NoActivationStoreSendsActivationsToDram)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*mensaAccelerator(1));
    spec->clear_activation_buffer();
    LayerModelBuilder b("add");
    auto x = b.input("x", { 64, 28, 28 });
    b.add(x, b.input("y", { 64, 28, 28 }));
    const LayerCost c = SystolicCostModel(spec).evaluate(b.build().layers.at(0));
    EXPECT_DOUBLE_EQ(c.traffic.dramBytes, 150528);
    EXPECT_DOUBLE_EQ(c.memory.bufferPorts, 588);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].name, "no activation buffer");
    EXPECT_DOUBLE_EQ(c.levels[StorageLevel::ActivationStore].joules, 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], 0);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(150528 * 14.0));
}

// Mensa's links (mensa.textproto): Pascal <-> Pavlov and Pascal <-> Jacquard over the
// off-chip interface (32 GB/s, 56 pJ/B, 100 ns), Pavlov <-> Jacquard in the logic layer
// (128 GB/s, 14 pJ/B, 50 ns); links work both ways.
TEST(HandDerivedCost, MensaLinksMoveTensorsAsDeclared)
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    setenv("MENSA_RESOURCES_DIR",
        (std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators").c_str(), 1);
    const AcceleratorSystem mensa = buildSystem(loadSystemSpec("mensa"));
    const double bytes = 1e6;
    const TransferCost offChip { bytes / 32e9 + 100e-9, bytes * 56e-12 };
    const TransferCost logicLayer { bytes / 128e9 + 50e-9, bytes * 14e-12 };
    EXPECT_EQ(mensa.linkIndex(0, 1), 0);
    EXPECT_EQ(mensa.linkIndex(2, 0), 1);
    EXPECT_EQ(mensa.linkIndex(1, 2), 2);
    for (auto [from, to, expected] : { std::tuple { 0, 1, offChip }, std::tuple { 2, 0, offChip },
             std::tuple { 1, 2, logicLayer }, std::tuple { 2, 1, logicLayer } }) {
        const TransferCost t = mensa.transfer(from, to, bytes);
        EXPECT_DOUBLE_EQ(t.seconds, expected.seconds) << from << "->" << to;
        EXPECT_DOUBLE_EQ(t.joules, expected.joules) << from << "->" << to;
    }
}

// An operator the Edge TPU compiler leaves to the host (Mod) on the two Coral devices: 50,176
// operations at 3.7e9/s (the desktop behind the USB Accelerator) and 1e9/s (the Dev Board's
// Cortex-A53) = 6,780.54 and 25,088 cycles at 500 MHz, against 100,352 B over the link (USB:
// 0.42 GB/s = 0.84 B/cycle; PCIe: 0.37 GB/s = 0.74 B/cycle), plus the fixed per-layer cost
// (10 us and 16 us); link energy 100 pJ/B.
TEST(HandDerivedCost, HostOperatorOnCoralDevices)
{
    LayerModelBuilder b("mod");
    b.vectorOp(b.input("x", { 64, 28, 28 }), LayerKind::Elementwise, "Mod");
    const Layer mod = b.build().layers.at(0);
    for (auto [name, bytesPerCycle, overheadCycles, hostCycles] :
        { std::tuple { "coral_usb", 0.84, 5000.0, 50176 / 3.7e9 * 500e6 },
            std::tuple { "coral_devboard", 0.74, 8000.0, 25088.0 } }) {
        const LayerCost c = SystolicCostModel(builtinAccelerator(name, 0)).evaluate(mod);
        EXPECT_TRUE(c.onHost) << name;
        EXPECT_DOUBLE_EQ(c.computeCycles, hostCycles) << name;
        EXPECT_NEAR(c.cycles, 100352 / bytesPerCycle + overheadCycles, 1e-6) << name;
        EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(100352 * 100.0)) << name;
    }
}

// A small LSTM step on Pavlov (64 inputs, 128 cells): 4 x 128 x 192 + 8 x 128 = 99,328 B of
// parameters exceed the 64 KiB parameter buffer, so they stream from the stacked DRAM.
TEST(HandDerivedCost, SmallLstmStepStreamsOnPavlov)
{
    LayerModelBuilder b("lstm");
    b.lstm(b.input("frame", { 64, 1, 1 }), 128);
    const LayerCost c = SystolicCostModel(mensaAccelerator(1)).evaluate(b.build().layers.at(0));
    EXPECT_FALSE(c.parametersOnChip);
    EXPECT_EQ(c.traffic.dramBytes, 99328);
}

// Eyeriss v2's sparsity block on the convolution above (weights and activations at density
// 0.5, the spec's 4 index bits per non-zero): parameters 147,712 x 0.5 x (1 + 4/8) = 110,784 B
// (3 weight tiles of 49,152 B), inputs 50,176 x 0.75 = 37,632 B, outputs 200,704 B (dense;
// 238,336 B of activations, 41,728 B over the 196,608 B buffer: the input and 4,096 B of
// output spill; 2 tiles). Weights outer: 110,784 + 3 x 37,632 + 4,096 = 227,776 B;
// activations outer: 2 x 110,784 + 41,728 = 263,296 B.
TEST(HandDerivedCost, SparseConvolutionTrafficOnEyerissV2)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*builtinAccelerator("eyeriss_v2", 0));
    spec->mutable_sparsity()->set_enabled(true);
    spec->mutable_sparsity()->set_weight_density(0.5);
    spec->mutable_sparsity()->set_activation_density(0.5);
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 64, 28, 28 }), 256, 3);
    const LayerCost c = RowStationaryCostModel(spec).evaluate(b.build().layers.at(0));
    EXPECT_EQ(c.traffic.dramBytes, 227776);
}

// Eyeriss v2's sparse PE skips along a compressed weight column per non-zero input; a
// depthwise layer (one input and one output channel per group) has none, so its compute
// cycles stay the dense ones while a regular convolution's drop with the densities.
TEST(HandDerivedCost, DepthwiseLayersSkipNoCyclesOnEyerissV2)
{
    auto dense = std::make_shared<spec::AcceleratorSpec>(*builtinAccelerator("eyeriss_v2", 0));
    auto sparse = std::make_shared<spec::AcceleratorSpec>(*dense);
    sparse->mutable_sparsity()->set_enabled(true);
    sparse->mutable_sparsity()->set_weight_density(0.5);
    sparse->mutable_sparsity()->set_activation_density(0.5);
    LayerModelBuilder b("dw");
    b.depthwise(b.input("x", { 32, 28, 28 }), 3);
    const Layer dw = b.build().layers.at(0);
    EXPECT_EQ(RowStationaryCostModel(sparse).evaluate(dw).computeCycles,
        RowStationaryCostModel(dense).evaluate(dw).computeCycles);
    EXPECT_LT(RowStationaryCostModel(sparse).evaluate(dw).energy[EnergyComponent::Mac],
        RowStationaryCostModel(dense).evaluate(dw).energy[EnergyComponent::Mac]);
    LayerModelBuilder c("conv");
    c.conv(c.input("x", { 64, 28, 28 }), 256, 3);
    const Layer conv = c.build().layers.at(0);
    EXPECT_LT(RowStationaryCostModel(sparse).evaluate(conv).computeCycles,
        RowStationaryCostModel(dense).evaluate(conv).computeCycles);
}

// The zero-compressed format costs 1.5 B per int8 non-zero (value + 4-bit index), so a
// tensor denser than 2/3 stays dense: turning the sparsity block on for dense or nearly
// dense tensors moves exactly the dense bytes, never more.
TEST(HandDerivedCost, CompressionNeverAddsBytes)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 64, 28, 28 }), 256, 3);
    const Layer layer = b.build().layers.at(0);
    auto dense = std::make_shared<spec::AcceleratorSpec>(*builtinAccelerator("eyeriss_v2", 0));
    const double denseBytes = RowStationaryCostModel(dense).evaluate(layer).traffic.dramBytes;
    for (double density : { 1.0, 0.9, 0.7 }) {
        auto spec = std::make_shared<spec::AcceleratorSpec>(*dense);
        spec->mutable_sparsity()->set_enabled(true);
        spec->mutable_sparsity()->set_weight_density(density);
        spec->mutable_sparsity()->set_activation_density(density);
        EXPECT_EQ(RowStationaryCostModel(spec).evaluate(layer).traffic.dramBytes, denseBytes)
            << density;
    }
}

// The register files' bytes per PE of the systolic designs only size their area (weights live
// in the parameter buffers): 4096, 128 and 1024 PEs x 16 B x 4 bit cells per flip-flop bit
// x 8 bits x 0.346 um^2 at 45 nm (dse/AreaModel.cpp's documented constants).
TEST(HandDerivedCost, MensaRegisterFilesSizeItsArea)
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    setenv("MENSA_RESOURCES_DIR",
        (std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators").c_str(), 1);
    const SystemSpecPtr mensa = loadSystemSpec("mensa");
    const int pes[] = { 4096, 128, 1024 };
    for (int i = 0; i < 3; ++i)
        EXPECT_NEAR(acceleratorArea(mensa->accelerators(i), "45nm")[AreaComponent::RegisterFiles],
            pes[i] * 16 * 8 * 4 * 0.346 / 1e6, 1e-9)
            << mensa->accelerators(i).name();
}

// Tensors just inside a buffer stay on chip: each below is more than half its buffer.
TEST(HandDerivedCost, WhatJustFitsStaysOnChip)
{
    auto addOf = [](int64_t channels) {
        LayerModelBuilder b("add");
        b.add(b.input("x", { channels, 28, 28 }), b.input("y", { channels, 28, 28 }));
        return b.build().layers.at(0);
    };
    // Pascal: 2 x 100,352 + 100,352 = 301,056 B of activations in 512 KiB.
    EXPECT_EQ(SystolicCostModel(mensaAccelerator(0)).evaluate(addOf(128)).traffic.dramBytes, 0);
    // Pavlov: 2 x 25,088 + 25,088 = 75,264 B in 128 KiB; an LSTM with 96 inputs and 64 cells
    // has 4 x 64 x 160 + 8 x 64 = 41,472 B of parameters for its 64 KiB parameter buffer.
    EXPECT_EQ(SystolicCostModel(mensaAccelerator(1)).evaluate(addOf(32)).traffic.dramBytes, 0);
    LayerModelBuilder lstm("lstm");
    lstm.lstm(lstm.input("frame", { 96, 1, 1 }), 64);
    EXPECT_TRUE(SystolicCostModel(mensaAccelerator(1))
                    .evaluate(lstm.build().layers.at(0))
                    .parametersOnChip);
    // Jacquard: a 512 -> 320 layer has 163,840 + 320 = 164,160 B for 256 KiB.
    LayerModelBuilder fc("fc");
    fc.fc(fc.input("x", { 512, 1, 1 }), 320);
    EXPECT_TRUE(
        SystolicCostModel(mensaAccelerator(2)).evaluate(fc.build().layers.at(0)).parametersOnChip);
}

namespace {

// One layer's pinned cost: every figure worked out by hand in the comment of its row.
struct PinnedLayer {
    std::string label;
    AcceleratorSpecPtr spec;
    Layer layer;
    double computeCycles, arrayBytes, dramBytes, cycles, macs;
    double bufferPj, nocPj, offChipPj, staticWatts, clockHz;
};

void expectPinned(const PinnedLayer& p, const LayerCost& c)
{
    SCOPED_TRACE(p.label);
    EXPECT_DOUBLE_EQ(c.computeCycles, p.computeCycles);
    EXPECT_DOUBLE_EQ(c.traffic.arrayBytes, p.arrayBytes);
    EXPECT_DOUBLE_EQ(c.traffic.dramBytes, p.dramBytes);
    EXPECT_DOUBLE_EQ(c.cycles, p.cycles);
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Mac], pj(p.macs * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::RegisterFile], pj(3 * p.macs * 0.23));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], pj(p.bufferPj));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Noc], pj(p.nocPj));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::OffChip], pj(p.offChipPj));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Static], p.staticWatts * p.cycles / p.clockHz);
}

Layer pointwise() // 128 -> 128 channels at 14x14: Sr 196, T 128, N 128
{
    LayerModelBuilder b("pw");
    b.conv(b.input("x", { 128, 14, 14 }), 128, 1);
    return b.build().layers.at(0);
}

Layer depthwise3x3() // 32 channels of 28x28: per group Sr 784, T 9, N 1
{
    LayerModelBuilder b("dw");
    b.depthwise(b.input("x", { 32, 28, 28 }), 3);
    return b.build().layers.at(0);
}

Layer fc512x640() // Sr 1, T 512, N 640
{
    LayerModelBuilder b("fc");
    b.fc(b.input("x", { 512, 1, 1 }), 640);
    return b.build().layers.at(0);
}

Layer lstmStep() // 640 inputs, 1024 cells: Sr 1, T 1664, N 4096
{
    LayerModelBuilder b("speech");
    b.lstm(b.input("frame", { 640, 1, 1 }), 1024);
    return b.build().layers.at(0);
}

} // namespace

// The layer kinds the tests above leave out on each built-in array, so that every kind (conv,
// 1x1, depthwise, FC, LSTM step, elementwise) is pinned on every one. Conventions as above:
// systolic folds ceil(T / rows) x ceil(N / cols); load ceil(rows x cols B / parameter port);
// skew rows + cols - 2; pipelined passes folds x max(stream, load) + load + skew, others
// folds x (load + skew + stream). Buffer-level nest N folds, T folds, Sr streamed: weights read
// once, inputs once per N fold, outputs written once per T fold and read back on all but the
// first. MACs cost 0.23 pJ and 3 register bytes at 0.23 pJ/B everywhere.
TEST(HandDerivedCost, EveryLayerKindOnEveryBuiltinArray)
{
    const AcceleratorSpecPtr edge = builtinAccelerator("edge_tpu", 0);
    const AcceleratorSpecPtr pascal = mensaAccelerator(0), pavlov = mensaAccelerator(1),
                             jacquard = mensaAccelerator(2);
    const double convMacs = 784.0 * 576 * 128, pwMacs = 196.0 * 128 * 128, dwMacs = 32.0 * 784 * 9;
    const double lstmMacs = 1664.0 * 4096, fcMacs = 512.0 * 640;
    const std::vector<PinnedLayer> pins {
        // Edge TPU (64x64, not pipelined, load 4096 / 64 = 64, skew 126; 10 / 5 pJ/B buffers).
        // 1x1: 2 x 2 folds x (64 + 126 + 196) = 1,544 cycles. Weights 16,384 B; inputs 25,088 B
        // x 2 N folds; outputs 25,088 B read once, written twice: 141,824 B. All resident.
        { "1x1 on edge_tpu", edge, pointwise(), 1544, 141824, 0, 1544, pwMacs,
            16384 * 10.0 + 125440 * 5.0, 0, 0, 0.35, 500e6 },
        // Depthwise: min(32 groups, 64 / 1, floor(64 / 9)) = 7 packed per fold (63 x 7 PEs),
        // 974 cycles a pass, ceil(32 / 7) = 5 passes = 4,870 (unpacked: 32 x 974, and the same
        // bytes, so packing is the one mapping). Per group 9 + 7,056 + 784 B, x 32 = 251,168.
        { "depthwise on edge_tpu", edge, depthwise3x3(), 4870, 251168, 0, 4870, dwMacs,
            288 * 10.0 + 250880 * 5.0, 0, 0, 0.35, 500e6 },
        // LSTM step: 26 x 64 folds x (64 + 126 + 1) = 317,824 cycles. Weights 6,815,744 B;
        // inputs 1,664 B x 64; partial sums 4,096 B x 25 read, x 26 written. The 6,823,936 B
        // of parameters fit the 8 MiB buffer.
        { "lstm on edge_tpu", edge, lstmStep(), 317824, 6815744 + 106496 + 102400 + 106496, 0,
            317824, lstmMacs, 6815744 * 10.0 + 315392 * 5.0, 0, 0, 0.35, 500e6 },
        // Pascal (64x64 pipelined, load 4096 / 128 = 32, skew 126; 3.5 / 2.5 pJ/B).
        // 1x1: 4 x max(196, 32) + 32 + 126 = 942 cycles; the Edge TPU's 141,824 B.
        { "1x1 on pascal", pascal, pointwise(), 942, 141824, 0, 942, pwMacs,
            16384 * 3.5 + 125440 * 2.5, 0, 0, 0.2, 500e6 },
        // Depthwise: 7 groups packed, max(784, 32) + 158 = 942 a pass, x 5 = 4,710.
        { "depthwise on pascal", pascal, depthwise3x3(), 4710, 251168, 0, 4710, dwMacs,
            288 * 3.5 + 250880 * 2.5, 0, 0, 0.2, 500e6 },
        // FC: 8 x 10 folds x max(1, 32) + 158 = 2,718. Weights 327,680 B; inputs 512 x 10;
        // partial sums 640 x 7 read, x 8 written; 328,320 B of parameters resident.
        { "fc on pascal", pascal, fc512x640(), 2718, 327680 + 5120 + 4480 + 5120, 0, 2718, fcMacs,
            327680 * 3.5 + 14720 * 2.5, 0, 0, 0.2, 500e6 },
        // Pavlov (8x16 pipelined, load 128 / 256 = 1, skew 22; 1.25 pJ/B; stacked DRAM 256
        // B/cycle, 14 pJ/B, 25 cycles exposed).
        // 3x3 conv: 72 x 8 folds x 784 + 23 = 451,607 cycles. Weights 73,728 B; inputs 451,584
        // B x 8; partial sums 100,352 B x 71 read, x 72 written: 18,036,736 B. Parameters
        // 73,856 B > 64 KiB: 2 weight tiles; activations 150,528 B exceed 128 KiB by 19,456 B
        // (all input): 2 tiles. Weights outer 73,856 + 2 x 19,456 = 112,768 B; activations
        // outer 2 x 73,856 + 19,456 = 167,168 B into stores of equal energy at equal time:
        // weights outer. Ports 18,036,736 / 320 = 56,364.8 cycles: compute-bound, + 25.
        { "conv on pavlov", pavlov, conv3x3(), 451607, 18036736, 112768, 451632, convMacs,
            (18036736 + 73856 + 38912) * 1.25, 0, 112768 * 14.0, 0.05, 500e6 },
        // 1x1: 16 x 8 folds x 196 + 23 = 25,111. Inputs 25,088 x 8; partial sums x 15 read,
        // x 16 written: 16,384 + 200,704 + 376,320 + 401,408 = 994,816 B. All fits.
        { "1x1 on pavlov", pavlov, pointwise(), 25111, 994816, 0, 25111, pwMacs, 994816 * 1.25, 0,
            0, 0.05, 500e6 },
        // Depthwise: 9 taps exceed 8 rows, so no group packs: 2 row folds x 784 + 23 = 1,591 a
        // pass, x 32 = 50,912. Per group 9 + 7,056 B, outputs read once and written twice
        // (784 + 1,568): 9,417 x 32 = 301,344 B.
        { "depthwise on pavlov", pavlov, depthwise3x3(), 50912, 301344, 0, 50912, dwMacs,
            301344 * 1.25, 0, 0, 0.05, 500e6 },
        // FC: 64 x 40 folds x 1 + 23 = 2,583. Inputs 512 x 40; partial sums 640 x 63 read,
        // x 64 written: 429,440 B. Parameters 328,320 B in 6 tiles of 64 KiB, fetched once
        // (the activations fit: no order to choose): DRAM 1,282.5 cycles, ports 429,440 /
        // 320 = 1,342: compute-bound, + 25.
        { "fc on pavlov", pavlov, fc512x640(), 2583, 429440, 328320, 2608, fcMacs,
            (429440 + 328320) * 1.25, 0, 328320 * 14.0, 0.05, 500e6 },
        // Jacquard (32x32 pipelined, load 1024 / 64 = 16, skew 62; 1.8 pJ/B; 256 KiB buffers).
        // 3x3 conv: 18 x 4 folds x 784 + 78 = 56,526. Inputs 451,584 x 4; partial sums
        // 100,352 x 17 read, x 18 written: 5,392,384 B; everything fits.
        { "conv on jacquard", jacquard, conv3x3(), 56526, 5392384, 0, 56526, convMacs,
            5392384 * 1.8, 0, 0, 0.08, 500e6 },
        // 1x1: 4 x 4 folds x 196 + 78 = 3,214. Inputs 25,088 x 4; partial sums x 3 read, x 4
        // written: 16,384 + 100,352 + 75,264 + 100,352 = 292,352 B.
        { "1x1 on jacquard", jacquard, pointwise(), 3214, 292352, 0, 3214, pwMacs, 292352 * 1.8, 0,
            0, 0.08, 500e6 },
        // LSTM step: 52 x 128 folds x max(1, 16) + 78 = 106,574. Weights 6,815,744 B; inputs
        // 1,664 x 128; partial sums 4,096 x 51 read, x 52 written: 7,450,624 B. Parameters
        // 6,823,936 B stream once from the stacked DRAM in 27 tiles (26,656 cycles); ports
        // 7,450,624 / 192 = 38,805.3: compute-bound, + 25.
        { "lstm on jacquard", jacquard, lstmStep(), 106574, 7450624, 6823936, 106599, lstmMacs,
            (7450624 + 6823936) * 1.8, 0, 6823936 * 14.0, 0.08, 500e6 },
    };
    for (const PinnedLayer& p : pins)
        expectPinned(p, SystolicCostModel(p.spec).evaluate(p.layer));
}

// An FC layer on Eyeriss v2 (192 PEs, 2 MACs each, 200 MHz; weights bypass the 192 KiB global
// buffer into the PE register files, 256 B each; NoC 64 B/cycle at 0.46 pJ/B; DRAM 128
// B/cycle). One kernel row and one output row: sets of 1 x 1, 192 per pass, ceil(327,680
// logical PEs / 192) = 1,707 passes of one MAC each: ceil(1,707 / 2) + 1 + 16 clusters = 871
// cycles. Sharing (rowsPerPe = 256 / 2 = 128 filter rows): q = 4 channels and p = 32 filters
// per PE, 64 channel sets x 3 filter sets: inputs fetched ceil(640 / 96) = 7 times, partial sums
// one round trip (512 / 256 = 2 channel blocks): 512 x 7 + 640 = 4,224 B read, 1,280 written,
// fewer than any other split (all channels in the array needs 14 fetches: 7,168 B).
TEST(HandDerivedCost, FullyConnectedLayerOnEyerissV2)
{
    const LayerCost c
        = RowStationaryCostModel(builtinAccelerator("eyeriss_v2", 0)).evaluate(fc512x640());
    EXPECT_EQ(c.folds.mappingCandidates, 1);
    EXPECT_EQ(c.folds.setsPerPass, 192);
    EXPECT_EQ(c.folds.channelsPerPe, 4);
    EXPECT_EQ(c.folds.filtersPerPe, 32);
    EXPECT_EQ(c.folds.inputFetches, 7);
    EXPECT_EQ(c.folds.psumSpills, 1);
    // 328,320 B of parameters exceed the 49,152 B of register files: 7 tiles, streamed once
    // (the activations fit). Weights 327,680 B delivered once; NoC and buffer port carry
    // 327,680 + 4,224 + 1,280 = 333,184 B / 64 = 5,206 cycles: memory-bound, + 20 exposed.
    // Weights read and filled in the register files at 0.23 pJ/B; activations at 1.38.
    expectPinned({ "fc on eyeriss_v2", nullptr, {}, 871, 333184, 328320, 5226, 512.0 * 640,
                     (327680 + 328320) * 0.23 + (4224 + 1280) * 1.38, 333184 * 0.46, 328320 * 56.0,
                     0.03, 200e6 },
        c);
    EXPECT_EQ(c.bound, "memory");
}

// The LSTM step on Eyeriss v2: one kernel row, so sets of 1 x 1, 192 per pass, ceil(6,815,744 /
// 192) = 35,499 passes: ceil(35,499 / 2) + 17 = 17,767 cycles. Each input fetch moves 640 B and
// each partial-sum round trip 2 x 4,096 B, so the sharing takes q = 2 channels and p = 64
// filters per PE with all 192 sets on channels: 64 fetches and ceil(1,664 / 384) - 1 = 4 round
// trips, 73,728 B (all 1,664 channels in the array needs 342 fetches: 218,880 B; one round
// trip, 171 fetches: 117,632 B).
TEST(HandDerivedCost, OneLstmStepOnEyerissV2)
{
    const LayerCost c
        = RowStationaryCostModel(builtinAccelerator("eyeriss_v2", 0)).evaluate(lstmStep());
    EXPECT_EQ(c.folds.channelSets, 192);
    EXPECT_EQ(c.folds.channelsPerPe, 2);
    EXPECT_EQ(c.folds.filtersPerPe, 64);
    EXPECT_EQ(c.folds.inputFetches, 64);
    EXPECT_EQ(c.folds.psumSpills, 4);
    // Weights 6,815,744 B delivered once; inputs 640 x 64 + 4,096 x 4 read, 4,096 x 5 written:
    // 6,893,568 B over the NoC and the port (64 B/cycle: 107,712 cycles). The 6,823,936 B of
    // parameters stream once (139 tiles of 49,152 B; the activations fit): memory-bound, + 20.
    expectPinned({ "lstm on eyeriss_v2", nullptr, {}, 17767, 6893568, 6823936, 107732,
                     1664.0 * 4096, (6815744 + 6823936) * 0.23 + (57344 + 20480) * 1.38,
                     6893568 * 0.46, 6823936 * 56.0, 0.03, 200e6 },
        c);
}

// The dense depthwise layer on Eyeriss v2: sets of 3 kernel rows x 2 output rows (6 PEs), all
// 32 channels side by side in a pass, 14 passes; no shape has fewer passes or more sets, so it
// is the one candidate. No skipping along a channel: 84 MACs per PE a pass, ceil(14 x 84 / 2)
// + 3 + 16 = 607 cycles with every PE busy. Nothing to share: inputs (25,088 B) fetched once,
// outputs (25,088 B) written once; 288 B of weights. NoC and port 50,464 / 64 = 788.5 cycles:
// memory-bound; everything stays on chip.
TEST(HandDerivedCost, DepthwiseConvolutionOnEyerissV2)
{
    const LayerCost c
        = RowStationaryCostModel(builtinAccelerator("eyeriss_v2", 0)).evaluate(depthwise3x3());
    EXPECT_EQ(c.folds.mappingCandidates, 1);
    EXPECT_EQ(c.folds.setKernelRows, 3);
    EXPECT_EQ(c.folds.setOutputRows, 2);
    EXPECT_EQ(c.folds.setsPerPass, 32);
    EXPECT_EQ(c.folds.rowFolds, 14);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 1.0);
    expectPinned({ "depthwise on eyeriss_v2", nullptr, {}, 607, 50464, 0, 788.5, 225792,
                     288 * 0.23 + 50176 * 1.38, 50464 * 0.46, 0, 0.03, 200e6 },
        c);
}
