// Stationary registers in a systolic PE (stationary_registers_per_pe): a PE holds several
// stationary elements along the reduction T and takes them one per cycle, its partial sum
// staying in the PE, so a layer's T folds (and the partial sums that round-trip per fold) shrink.
// Every expected number is derived by hand from the rules in docs/methodology.md, on the Edge
// TPU's 64 x 64 array (weights 64 B/cycle, activations 128 B/cycle, 10 and 5 pJ/B).
#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "ErrorCheck.h"
#include "analysis/LayerExplanation.h"
#include "cost/SpecParser.h"
#include "cost/SystolicCostModel.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <string>

using namespace mensa;
using testmodels::LayerModelBuilder;
using testmodels::pj;
const auto conv3x3 = testmodels::conv3x3At28;

namespace {

AcceleratorSpecPtr withRegisters(int registers, spec::Dataflow dataflow)
{
    spec::AcceleratorSpec s = test::builtinAcceleratorSpec("edge_tpu");
    s.set_dataflow(dataflow);
    s.set_pipelined_folds(false);
    s.set_stationary_registers_per_pe(registers);
    return std::make_shared<const spec::AcceleratorSpec>(s);
}

LayerCost evaluate(int registers, spec::Dataflow dataflow, const Layer& layer)
{
    return SystolicCostModel(withRegisters(registers, dataflow)).evaluate(layer);
}

constexpr double kInputs = 451584; // 784 x 576 im2col bytes
constexpr double kOutputs = 100352; // 784 x 128
constexpr double kWeights = 73728; // 576 x 128

} // namespace

// Nine registers hold T = 576 = 64 rows x 9 in one fold (SCALE-Sim's PE needs 9): 2 N folds of
// 64 x 64 x 9 / 64 = 576 load + 126 skew + 784 x 9 = 7,056 stream cycles: 15,516 cycles against
// 9 x 2 x (64 + 126 + 784) = 17,532. No partial sum leaves the array, so the activation store
// reads the inputs twice (once per N fold) and writes each output once.
TEST(StationaryRegisters, NineRegistersHoldA3x3ConvolutionsReductionInOneFold)
{
    const LayerCost c = evaluate(9, spec::WEIGHT_STATIONARY, conv3x3());
    EXPECT_EQ(c.folds.registerSteps, 9);
    EXPECT_EQ(c.folds.mappedRows, 64);
    EXPECT_EQ(c.folds.rowFolds, 1);
    EXPECT_EQ(c.folds.colFolds, 2);
    EXPECT_EQ(c.folds.loadCycles, 576);
    EXPECT_EQ(c.folds.streamCycles, 7056);
    EXPECT_EQ(c.computeCycles, 15516);
    EXPECT_EQ(c.folds.psumSpills, 0);
    EXPECT_DOUBLE_EQ(c.spatialUtilization, 1.0);
    const auto& lv = c.levels;
    EXPECT_EQ(lv[StorageLevel::ParameterStore].reads, kWeights);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 2 * kInputs);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, kOutputs);
    EXPECT_DOUBLE_EQ(
        c.energy[EnergyComponent::Buffer], pj(kWeights * 10.0 + (2 * kInputs + kOutputs) * 5.0));

    // The same layer on SCALE-Sim's one-weight PE: 8 partial-sum round trips.
    const LayerCost plain = evaluate(1, spec::WEIGHT_STATIONARY, conv3x3());
    EXPECT_EQ(plain.computeCycles, 17532);
    EXPECT_EQ(plain.folds.registerSteps, 1);
    EXPECT_EQ(plain.levels[StorageLevel::ActivationStore].reads, 2 * kInputs + 8 * kOutputs);
    EXPECT_EQ(plain.levels[StorageLevel::ActivationStore].writes, 9 * kOutputs);
}

// Four registers: T needs ceil(576 / 256) = 3 folds, spread evenly as 3 elements per PE (192
// rows a fold): 2 x 3 x (192 load + 126 skew + 2,352 stream) = 16,020 cycles, 2 round trips.
TEST(StationaryRegisters, FewerRegistersThanTheReductionNeedsSpreadTEvenlyOverTheFolds)
{
    const LayerCost c = evaluate(4, spec::WEIGHT_STATIONARY, conv3x3());
    EXPECT_EQ(c.folds.registerSteps, 3);
    EXPECT_EQ(c.folds.mappedRows, 192);
    EXPECT_EQ(c.folds.rowFolds, 3);
    EXPECT_EQ(c.folds.loadCycles, 192);
    EXPECT_EQ(c.computeCycles, 16020);
    EXPECT_EQ(c.folds.psumSpills, 2);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].reads, 2 * kInputs + 2 * kOutputs);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].writes, 3 * kOutputs);
}

// Input stationary holds T x Sr: 9 registers give 1 T fold x 13 Sr folds, each loading
// 64 x 64 x 9 / 128 = 288 cycles of inputs, 126 skew and 128 x 9 filter cycles:
// 13 x 1,566 = 20,358 cycles against 117 x (32 + 126 + 128) = 33,462.
TEST(StationaryRegisters, InputStationaryHoldsTheReductionOfItsPixels)
{
    const LayerCost c = evaluate(9, spec::INPUT_STATIONARY, conv3x3());
    EXPECT_EQ(c.folds.rowFolds, 1);
    EXPECT_EQ(c.folds.colFolds, 13);
    EXPECT_EQ(c.folds.loadCycles, 288);
    EXPECT_EQ(c.computeCycles, 20358);
    EXPECT_EQ(c.folds.inputFetches, 1);
    EXPECT_EQ(c.folds.weightFetches, 13);
    EXPECT_EQ(c.folds.psumSpills, 0);
    EXPECT_EQ(evaluate(1, spec::INPUT_STATIONARY, conv3x3()).computeCycles, 33462);
}

// A reduction that fits the rows (T = 32) and a packed depthwise layer (T = 9 per group) leave
// the registers unused: the numbers of SCALE-Sim's PE.
TEST(StationaryRegisters, AReductionThatFitsTheRowsLeavesThemUnused)
{
    LayerModelBuilder b("small");
    const auto x = b.input("x", { 32, 28, 28 });
    b.conv(x, 64, 1);
    b.depthwise(x, 3);
    const Model m = b.build();
    for (const Layer& layer : m.layers) {
        const LayerCost with = evaluate(9, spec::WEIGHT_STATIONARY, layer);
        const LayerCost without = evaluate(1, spec::WEIGHT_STATIONARY, layer);
        EXPECT_EQ(with.folds.registerSteps, 1) << layer.name;
        EXPECT_EQ(with.computeCycles, without.computeCycles) << layer.name;
        EXPECT_EQ(with.levels[StorageLevel::ActivationStore].reads,
            without.levels[StorageLevel::ActivationStore].reads)
            << layer.name;
    }
}

// A window buffer sweeps T in tiles of the rows' whole reduction: with 9 registers one tile
// holds all 64 channels, so the activation store gives each input once per sweep (56 x 56 x 64
// = 200,704 B) through a band of 3 rows x 56 x 64 channels = 10,752 B, where the one-weight PE
// reads 8 channels per tile 9 times (225,792 B through a 1,344 B band).
TEST(StationaryRegisters, AWindowBufferSweepsTheRegistersWholeReduction)
{
    LayerModelBuilder b("conv56");
    b.conv(b.input("x", { 64, 56, 56 }), 64, 3);
    const Layer layer = b.build().layers.at(0);
    spec::AcceleratorSpec s = *withRegisters(9, spec::WEIGHT_STATIONARY);
    auto* w = s.mutable_window_buffer();
    w->set_size_bytes(65536);
    w->set_read_energy_pj_per_byte(1);
    w->set_write_energy_pj_per_byte(1);
    const LayerCost c
        = SystolicCostModel(std::make_shared<const spec::AcceleratorSpec>(s)).evaluate(layer);
    EXPECT_EQ(c.folds.windowReuse, "rows and columns");
    EXPECT_EQ(c.folds.windowSweepBytes, 200704);
    EXPECT_EQ(c.folds.windowBandBytes, 10752);
    s.set_stationary_registers_per_pe(1);
    const LayerCost plain
        = SystolicCostModel(std::make_shared<const spec::AcceleratorSpec>(s)).evaluate(layer);
    EXPECT_EQ(plain.folds.windowSweepBytes, 225792);
    EXPECT_EQ(plain.folds.windowBandBytes, 1344);
}

TEST(StationaryRegisters, ExplanationSaysWhatTheRegistersDo)
{
    const LayerCost c = evaluate(9, spec::WEIGHT_STATIONARY, conv3x3());
    const LayerExplanation e = explainLayer(conv3x3(), { "t", "t", &c });
    EXPECT_THAT(e.text(), ::testing::HasSubstr("Each PE holds 9 stationary elements per MAC lane"));
    EXPECT_EQ(e.numbers.at("folds.registerSteps"), 9);
    // The mapping column of the tables names it too.
    EXPECT_EQ(mappingSummary(c.folds), "weight stationary, 9 elements of T per PE");
    const LayerCost plain = evaluate(1, spec::WEIGHT_STATIONARY, conv3x3());
    EXPECT_EQ(explainLayer(conv3x3(), { "t", "t", &plain }).text().find("Each PE holds"),
        std::string::npos);
}

TEST(StationaryRegisters, ValidatorRefusesRegistersAnArrayCannotUse)
{
    auto check = [](spec::Dataflow dataflow, int registers, const std::string& expected) {
        spec::AcceleratorSpec s = test::builtinAcceleratorSpec("edge_tpu");
        s.set_dataflow(dataflow);
        s.set_stationary_registers_per_pe(registers);
        std::string text;
        google::protobuf::TextFormat::PrintToString(s, &text);
        EXPECT_THAT(test::errorOf([&] { parseSystemSpecText(text, "t.textproto"); }),
            ::testing::HasSubstr(expected))
            << registers;
    };
    check(spec::WEIGHT_STATIONARY, 0, "stationary_registers_per_pe: must be > 0");
    check(spec::OUTPUT_STATIONARY, 2, "only a WEIGHT_STATIONARY or INPUT_STATIONARY array");
    // The Edge TPU's PEs have 16 B of registers.
    check(spec::WEIGHT_STATIONARY, 17, "17 elements do not fit register_file_bytes_per_pe (16)");
    spec::AcceleratorSpec ok = test::builtinAcceleratorSpec("edge_tpu");
    ok.set_stationary_registers_per_pe(16);
    std::string text;
    google::protobuf::TextFormat::PrintToString(ok, &text);
    EXPECT_NO_THROW(parseSystemSpecText(text, "t.textproto"));
}
