// An accumulator below a systolic array (AccumulatorSpec): partial sums add up there across the
// folds of the reduction instead of round-tripping through the activation store. Every expected
// number is derived by hand from the rules in docs/methodology.md, on the Edge TPU's array.
#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "ErrorCheck.h"
#include "analysis/LayerExplanation.h"
#include "cost/SpecParser.h"
#include "cost/SystolicCostModel.h"
#include "util/Error.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <string>

using namespace mensa;
using testmodels::LayerModelBuilder;
using testmodels::pj;
const auto conv3x3 = testmodels::conv3x3At28;

namespace {

spec::AcceleratorSpec edgeTpu()
{
    return test::builtinAcceleratorSpec("edge_tpu");
}

// The Edge TPU with an accumulator of `rows` rows of 64 four-byte partial sums, 2 pJ per byte.
AcceleratorSpecPtr withAccumulator(double rows, spec::Dataflow dataflow, bool pipelined = false)
{
    spec::AcceleratorSpec s = edgeTpu();
    s.set_dataflow(dataflow);
    s.set_pipelined_folds(pipelined);
    auto* acc = s.mutable_accumulator();
    acc->set_size_bytes(int64_t(rows * 64 * 4));
    acc->set_read_energy_pj_per_byte(2);
    acc->set_write_energy_pj_per_byte(2);
    acc->set_bytes_per_partial_sum(4);
    return std::make_shared<const spec::AcceleratorSpec>(s);
}

} // namespace

// Weight stationary, the accumulator holding a whole fold's 784 output rows: the cycles are
// SCALE-Sim's (9 T folds x 2 N folds x (64 load + 126 skew + 784 stream) = 17,532), the
// activation buffer reads the inputs once per N fold and writes each output once, and the
// 784 x 128 x 4 = 401,408 B of partial sums are written 9 times (once per T fold) and read 9
// times (8 accumulations, 1 drain) in the accumulator.
TEST(Accumulator, WeightStationaryConvAddsItsPartialSumsBelowTheArray)
{
    const LayerCost c
        = SystolicCostModel(withAccumulator(16384, spec::WEIGHT_STATIONARY)).evaluate(conv3x3());
    EXPECT_EQ(c.computeCycles, 17532);
    EXPECT_EQ(c.folds.accumulatorChunks, 1);
    EXPECT_EQ(c.folds.weightFetches, 1);
    EXPECT_EQ(c.folds.inputFetches, 2);
    EXPECT_EQ(c.folds.psumSpills, 0);
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::ParameterStore].reads, 73728);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 2 * 451584);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, 100352);
    EXPECT_EQ(lv[StorageLevel::Accumulator].name, "accumulator");
    EXPECT_EQ(lv[StorageLevel::Accumulator].writes, 9 * 401408);
    EXPECT_EQ(lv[StorageLevel::Accumulator].reads, 9 * 401408);
    EXPECT_DOUBLE_EQ(lv[StorageLevel::Accumulator].joules, pj(18 * 401408 * 2.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer],
        pj(73728 * 10.0 + (2 * 451584 + 100352) * 5.0 + 18 * 401408 * 2.0));
    // The activation buffer's ports now carry 73,728 + 903,168 + 100,352 B.
    EXPECT_EQ(c.traffic.arrayBytes, 73728 + 903168 + 100352);
}

// 300 rows hold 300 of the 784 output rows: the stream goes in 3 chunks, each reloading the
// fold's weights (64 load + 126 skew per chunk): 18 x (3 x 190 + 784) = 24,372 cycles, and the
// weights are read 3 times.
TEST(Accumulator, ASmallAccumulatorTakesTheStreamInChunksThatReloadTheWeights)
{
    const LayerCost c
        = SystolicCostModel(withAccumulator(300, spec::WEIGHT_STATIONARY)).evaluate(conv3x3());
    EXPECT_EQ(c.folds.accumulatorChunks, 3);
    EXPECT_EQ(c.computeCycles, 24372);
    EXPECT_EQ(c.folds.weightFetches, 3);
    EXPECT_EQ(c.levels[StorageLevel::ParameterStore].reads, 3 * 73728);
    EXPECT_EQ(c.levels[StorageLevel::Accumulator].writes, 9 * 401408);
    const LayerExplanation e = explainLayer(conv3x3(), { "t", "t", &c });
    EXPECT_NE(e.text().find("the stream is taken in 3 chunks"), std::string::npos) << e.text();
    EXPECT_EQ(e.numbers.at("folds.accumulatorChunks"), 3);
}

// Pipelined folds with 32-row chunks: 24 chunks of 32 and one of 16, each no shorter than the
// 64-cycle load it hides, so a fold takes 25 x 64 = 1,600 cycles: 18 x 1,600 + 64 + 126.
TEST(Accumulator, PipelinedChunksShorterThanTheLoadWaitForIt)
{
    const LayerCost c
        = SystolicCostModel(withAccumulator(32, spec::WEIGHT_STATIONARY, true)).evaluate(conv3x3());
    EXPECT_EQ(c.folds.accumulatorChunks, 25);
    EXPECT_EQ(c.computeCycles, 18 * 1600 + 64 + 126);
}

// Input stationary: T (576) on the rows in 9 folds, Sr (784) on the columns in 13, the 128
// filters streamed. 100 rows take the stream in 2 chunks, each reloading the fold's inputs
// (ceil(4096 / 128) = 32 load + 126 skew): 117 x (2 x 158 + 128) = 51,948 cycles; the inputs
// are read twice, the weights once per Sr fold (13), and no partial sum reaches the
// activation buffer.
TEST(Accumulator, InputStationaryChunksTheFiltersAndReloadsTheInputs)
{
    const LayerCost c
        = SystolicCostModel(withAccumulator(100, spec::INPUT_STATIONARY)).evaluate(conv3x3());
    EXPECT_EQ(c.folds.rowFolds, 9);
    EXPECT_EQ(c.folds.colFolds, 13);
    EXPECT_EQ(c.folds.accumulatorChunks, 2);
    EXPECT_EQ(c.computeCycles, 51948);
    EXPECT_EQ(c.folds.inputFetches, 2);
    EXPECT_EQ(c.folds.weightFetches, 13);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].reads, 2 * 451584);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].writes, 100352);
    EXPECT_EQ(c.levels[StorageLevel::Accumulator].reads, 9 * 401408);
}

// A reduction that fits one fold (T = 32 <= 64 rows) holds nothing across folds: one chunk
// however small the accumulator, each output passing through it once.
TEST(Accumulator, OneFoldAlongTNeedsNoChunks)
{
    LayerModelBuilder b("pointwise");
    b.conv(b.input("x", { 32, 28, 28 }), 64, 1);
    const Layer layer = b.build().layers.at(0);
    const LayerCost c
        = SystolicCostModel(withAccumulator(1, spec::WEIGHT_STATIONARY)).evaluate(layer);
    EXPECT_EQ(c.folds.rowFolds, 1);
    EXPECT_EQ(c.folds.accumulatorChunks, 1);
    EXPECT_EQ(c.levels[StorageLevel::Accumulator].writes, 784 * 64 * 4);
    EXPECT_EQ(c.levels[StorageLevel::Accumulator].reads, 784 * 64 * 4);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].writes, 784 * 64);
}

// Without an accumulator nothing is counted there (the built-in specs have none).
TEST(Accumulator, AbsentAccumulatorCountsNothing)
{
    const LayerCost c = SystolicCostModel(std::make_shared<const spec::AcceleratorSpec>(edgeTpu()))
                            .evaluate(conv3x3());
    EXPECT_EQ(c.levels[StorageLevel::Accumulator].bytes(), 0);
    EXPECT_EQ(c.levels[StorageLevel::Accumulator].joules, 0);
    EXPECT_EQ(c.folds.accumulatorChunks, 0);
    EXPECT_EQ(c.folds.psumSpills, 8);
}

TEST(Accumulator, ValidatorRefusesABadAccumulator)
{
    auto check
        = [](spec::Dataflow dataflow, const std::string& block, const std::string& expected) {
              spec::AcceleratorSpec s = edgeTpu();
              s.set_dataflow(dataflow);
              std::string text;
              google::protobuf::TextFormat::PrintToString(s, &text);
              text += "accumulator {\n" + block + "}\n";
              EXPECT_THAT(test::errorOf([&] { parseSystemSpecText(text, "t.textproto"); }),
                  ::testing::HasSubstr(expected))
                  << block;
          };
    const std::string energies = "read_energy_pj_per_byte: 1\nwrite_energy_pj_per_byte: 1\n";
    const auto ws = spec::WEIGHT_STATIONARY;
    check(ws, energies + "bytes_per_partial_sum: 4\n", "accumulator.size_bytes: missing");
    check(ws, "size_bytes: 4096\n" + energies, "accumulator.bytes_per_partial_sum: missing");
    check(ws, "size_bytes: 128\nbytes_per_partial_sum: 4\n" + energies,
        "accumulator.size_bytes: must hold at least one row of pe_cols partial sums");
    check(ws, "size_bytes: 4096\nbytes_per_partial_sum: 16\n" + energies,
        "accumulator.bytes_per_partial_sum");
    check(spec::OUTPUT_STATIONARY, "size_bytes: 4096\nbytes_per_partial_sum: 4\n" + energies,
        "only a WEIGHT_STATIONARY or INPUT_STATIONARY array");
}
