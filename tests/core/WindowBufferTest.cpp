// A window buffer between the activation store and a systolic array (WindowBufferSpec): the array
// still reads im2col inputs, from it, while the activation store gives each input row of a
// channel once per tile pair instead of once per kernel tap. Every expected number is derived by
// hand from the rules in docs/methodology.md, on the Edge TPU's 64 x 64 array (one MAC per PE).
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

namespace {

spec::AcceleratorSpec edgeTpu()
{
    return test::builtinAcceleratorSpec("edge_tpu");
}

// The Edge TPU with the given dataflow and, if `bytes` > 0, a window buffer of that size read at
// 1 pJ and written at 1.5 pJ per byte.
AcceleratorSpecPtr tpu(spec::Dataflow dataflow, double bytes)
{
    spec::AcceleratorSpec s = edgeTpu();
    s.set_dataflow(dataflow);
    if (bytes > 0) {
        auto* w = s.mutable_window_buffer();
        w->set_size_bytes(int64_t(bytes));
        w->set_read_energy_pj_per_byte(1);
        w->set_write_energy_pj_per_byte(1.5);
    }
    return std::make_shared<const spec::AcceleratorSpec>(s);
}

// A 'same'-padded convolution of `k` x `k` from `c` to `n` channels at `h` x `h`, int8.
Layer conv(int64_t c, int64_t n, int64_t h, int64_t k)
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { c, h, h }), n, k);
    return b.build().layers.at(0);
}

LayerCost ws(double bytes, const Layer& layer)
{
    return SystolicCostModel(tpu(spec::WEIGHT_STATIONARY, bytes)).evaluate(layer);
}

} // namespace

// 3x3 conv, 64 -> 64 channels at 56 x 56: Sr = 3136, T = 576 (channel-major, 9 taps per
// channel), N = 64. Weight stationary: 9 T folds of 64 rows, one N fold, so the inputs are
// fetched once, the 36,864 B of weights read once, and the 200,704 B of outputs round-trip 8
// times.
// im2col per sweep: 3136 x 576 = 1,806,336 B. T tile k holds elements [64k, 64k + 64): channels
// floor((64k + 63) / 9) - floor(64k / 9) + 1 = 8 for every k, 72 channel reads in all. The whole
// Sr streams through each tile: input rows -1..56 clamp to the 56 real ones, 56 x 56 = 3136 B per
// channel, so 3136 x 72 = 225,792 B from the activation store. The sliding band: 3 rows x 56
// columns x 8 channels = 1,344 B.
TEST(WindowBuffer, WeightStationaryConvReadsEachInputRowOncePerTFold)
{
    const LayerCost none = ws(0, conv(64, 64, 56, 3));
    const LayerCost c = ws(4096, conv(64, 64, 56, 3));
    EXPECT_EQ(c.computeCycles, none.computeCycles);
    EXPECT_EQ(c.folds.windowReuse, "rows and columns");
    EXPECT_EQ(c.folds.im2colSweepBytes, 1806336);
    EXPECT_EQ(c.folds.windowSweepBytes, 225792);
    EXPECT_EQ(c.folds.windowBandBytes, 1344);
    const auto& lv = c.levels;
    EXPECT_EQ(none.levels[StorageLevel::ActivationStore].reads, 1806336 + 8 * 200704);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].reads, 225792 + 8 * 200704);
    EXPECT_EQ(lv[StorageLevel::ActivationStore].writes, 9 * 200704);
    EXPECT_EQ(lv[StorageLevel::WindowBuffer].name, "window buffer");
    EXPECT_EQ(lv[StorageLevel::WindowBuffer].reads, 1806336);
    EXPECT_EQ(lv[StorageLevel::WindowBuffer].writes, 225792);
    EXPECT_DOUBLE_EQ(lv[StorageLevel::WindowBuffer].joules, pj(1806336 * 1.0 + 225792 * 1.5));
    EXPECT_DOUBLE_EQ(lv[StorageLevel::ActivationStore].joules,
        pj((225792 + 8 * 200704) * 5.0 + 9 * 200704 * 5.0));
    EXPECT_DOUBLE_EQ(c.energy[EnergyComponent::Buffer], lv.bufferJoules());
    EXPECT_EQ(c.traffic.arrayBytes, 36864 + 225792 + 8 * 200704 + 9 * 200704);
}

// Too small for the band (1,000 B < 1,344 B) but one 56-column row of the 8 channels in flight
// fits (448 B): each output row reads its own kernel rows, 3 apiece except the first and last
// output rows (2: one is padding), 54 x 3 + 2 x 2 = 166 rows x 56 = 9,296 B per channel, x 72 =
// 669,312 B. Below 448 B nothing fits and the store gives the array every im2col byte.
TEST(WindowBuffer, ABufferTooSmallForTheBandReusesAlongTheRowOrIsBypassed)
{
    const LayerCost h = ws(1000, conv(64, 64, 56, 3));
    EXPECT_EQ(h.folds.windowReuse, "columns only");
    EXPECT_EQ(h.folds.windowSweepBytes, 669312);
    EXPECT_EQ(h.folds.windowBandBytes, 448);
    EXPECT_EQ(h.levels[StorageLevel::ActivationStore].reads, 669312 + 8 * 200704);
    EXPECT_EQ(h.levels[StorageLevel::WindowBuffer].writes, 669312);

    const LayerCost b = ws(447, conv(64, 64, 56, 3));
    EXPECT_EQ(b.folds.windowReuse, "bypassed");
    EXPECT_EQ(b.levels[StorageLevel::WindowBuffer].bytes(), 0);
    EXPECT_EQ(b.levels[StorageLevel::ActivationStore].reads, 1806336 + 8 * 200704);
}

// A 1x1 convolution's im2col rows are its inputs (64 channels x 3136 pixels either way), and a
// fully connected layer has no window: both bypass the buffer, their counts unchanged.
TEST(WindowBuffer, OneByOneConvolutionsAndMatrixProductsBypassIt)
{
    const LayerCost c = ws(1 << 20, conv(64, 64, 56, 1));
    EXPECT_EQ(c.folds.windowReuse, "bypassed");
    EXPECT_EQ(c.folds.windowSweepBytes, 200704);
    EXPECT_EQ(c.levels[StorageLevel::WindowBuffer].bytes(), 0);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].reads,
        ws(0, conv(64, 64, 56, 1)).levels[StorageLevel::ActivationStore].reads);

    LayerModelBuilder b("fc");
    b.fc(b.input("x", { 1024, 1, 1 }), 256);
    const Layer fc = b.build().layers.at(0);
    EXPECT_EQ(ws(1 << 20, fc).folds.windowReuse, "bypassed");
    EXPECT_EQ(ws(1 << 20, fc).levels.bufferJoules(), ws(0, fc).levels.bufferJoules());
}

// Output stationary: 3x3 conv, 16 -> 16 channels at 32 x 32 (Sr = 1024, T = 144). Each fold
// holds 64 output pixels, two output rows, which read 4 input rows (the rows between two tiles
// read by both), 3 for the first and last tiles (padding): (14 x 4 + 2 x 3) x 32 = 1,984 B per
// channel, T streams all 16 channels: 31,744 B of 147,456 im2col. One channel of one tile in
// flight: 4 rows x 32 = 128 B.
TEST(WindowBuffer, OutputStationaryTilesReadTheirHaloRowsAgain)
{
    const LayerCost c
        = SystolicCostModel(tpu(spec::OUTPUT_STATIONARY, 4096)).evaluate(conv(16, 16, 32, 3));
    EXPECT_EQ(c.folds.windowReuse, "rows and columns");
    EXPECT_EQ(c.folds.inputFetches, 1);
    EXPECT_EQ(c.folds.im2colSweepBytes, 147456);
    EXPECT_EQ(c.folds.windowSweepBytes, 31744);
    EXPECT_EQ(c.folds.windowBandBytes, 128);
    EXPECT_EQ(c.levels[StorageLevel::ActivationStore].reads, 31744);
    EXPECT_EQ(c.levels[StorageLevel::WindowBuffer].reads, 147456);
}

// Input stationary, the same layer: 64-pixel Sr tiles as above (1,984 B per channel), T tiles of
// 64 elements touching 8, 8 and 2 channels (elements 128..143 are channels 14 and 15): 18
// channel reads, 1,984 x 18 = 35,712 B. In flight: one tile's 4 rows x 32 x 8 channels = 1,024 B.
TEST(WindowBuffer, InputStationaryHoldsATileOfBothTAndSr)
{
    const LayerCost c
        = SystolicCostModel(tpu(spec::INPUT_STATIONARY, 4096)).evaluate(conv(16, 16, 32, 3));
    EXPECT_EQ(c.folds.windowReuse, "rows and columns");
    EXPECT_EQ(c.folds.windowSweepBytes, 35712);
    EXPECT_EQ(c.folds.windowBandBytes, 1024);
    EXPECT_EQ(c.levels[StorageLevel::WindowBuffer].writes, 35712 * c.folds.inputFetches);
}

// Depthwise 3x3 over 32 channels at 56 x 56, weight stationary: floor(64 / 9) = 7 groups share a
// fold, each group one channel of 9 taps. Per group the sweep reads its channel's 3136 B once
// instead of 3136 x 9 = 28,224 B; the band holds 3 rows x 56 of the 7 channels in flight, 1,176 B.
TEST(WindowBuffer, PackedDepthwiseGroupsKeepTheirChannelsInFlightTogether)
{
    LayerModelBuilder b("dw");
    b.depthwise(b.input("x", { 32, 56, 56 }), 3);
    const Layer dw = b.build().layers.at(0);
    const LayerCost c = ws(4096, dw);
    ASSERT_EQ(c.folds.packedGroups, 7);
    EXPECT_EQ(c.folds.windowSweepBytes, 3136);
    EXPECT_EQ(c.folds.im2colSweepBytes, 28224);
    EXPECT_EQ(c.folds.windowBandBytes, 1176);
    EXPECT_EQ(c.levels[StorageLevel::WindowBuffer].writes, 32 * 3136 * c.folds.inputFetches);
    EXPECT_EQ(ws(1175, dw).folds.windowReuse, "columns only");
}

// A transposed convolution (2x2 kernel, stride 2, 16 -> 16 channels, 8 x 8 -> 16 x 16) scatters
// each input position through its 4 taps: the GEMM's 64 rows are the input positions and every
// tap of a channel reads the same element, so the 64 x 64 B of im2col are 64 x 16 = 1,024 B.
TEST(WindowBuffer, TransposedConvolutionReadsEachInputOnce)
{
    LayerModelBuilder b("deconv");
    b.conv(b.input("x", { 16, 8, 8 }), 16, 2);
    Layer l = b.build().layers.at(0);
    l.kind = LayerKind::ConvTranspose;
    l.opType = "ConvTranspose";
    l.nest.inH = l.nest.inW = 16, l.nest.strideH = l.nest.strideW = 2;
    const LayerCost c = ws(4096, l);
    EXPECT_EQ(c.folds.im2colSweepBytes, 4096);
    EXPECT_EQ(c.folds.windowSweepBytes, 1024);
    EXPECT_EQ(c.folds.windowBandBytes, 128); // one input row of 8 x 16 channels
}

// The layer explanation says what the window buffer saved, with the result's own numbers.
TEST(WindowBuffer, ExplanationQuotesTheSweep)
{
    const LayerCost c = ws(4096, conv(64, 64, 56, 3));
    const LayerExplanation e = explainLayer(conv(64, 64, 56, 3), { "t", "t", &c });
    EXPECT_NE(e.text().find("reuse along rows and columns"), std::string::npos) << e.text();
    EXPECT_EQ(e.numbers.at("folds.windowSweepBytes"), 225792);
    EXPECT_EQ(e.numbers.at("folds.im2colSweepBytes"), 1806336);
    EXPECT_EQ(e.numbers.at("folds.windowBandBytes"), 1344);
}

TEST(WindowBuffer, ValidatorRefusesABadWindowBuffer)
{
    auto check
        = [](spec::Dataflow dataflow, const std::string& block, const std::string& expected) {
              spec::AcceleratorSpec s = edgeTpu();
              s.set_dataflow(dataflow);
              if (dataflow == spec::ROW_STATIONARY)
                  s.mutable_noc()->set_bandwidth_bytes_per_cycle(64),
                      s.mutable_noc()->set_energy_pj_per_byte(1);
              std::string text;
              google::protobuf::TextFormat::PrintToString(s, &text);
              text += "window_buffer {\n" + block + "}\n";
              EXPECT_THAT(test::errorOf([&] { parseSystemSpecText(text, "t.textproto"); }),
                  ::testing::HasSubstr(expected))
                  << block;
          };
    const std::string energies = "read_energy_pj_per_byte: 1\nwrite_energy_pj_per_byte: 1\n";
    const auto ws = spec::WEIGHT_STATIONARY;
    check(ws, energies, "window_buffer.size_bytes: missing");
    check(ws, "size_bytes: 0\n" + energies, "window_buffer.size_bytes");
    check(ws, "size_bytes: 4096\nread_energy_pj_per_byte: 1\n",
        "window_buffer.write_energy_pj_per_byte: missing");
    check(spec::ROW_STATIONARY, "size_bytes: 4096\n" + energies,
        "only a systolic array reads im2col inputs through one");
}

// A dilated 3x3 convolution (dilation 2, padding 2, 64 -> 64 at 56x56) reads the same input rows
// per sweep (225,792 B) but its sliding band spans 5 rows: 5 x 56 x 8 channels = 2,240 B. In
// 2 KiB only the reuse along a row is left: each output row reads its 3 taps' rows, 2 for the two
// first and two last output rows (one tap in the padding), (52 x 3 + 4 x 2) = 164 rows x 56 x 72
// = 661,248 B, where the undilated layer still keeps its 1,344 B band.
TEST(WindowBuffer, ADilatedWindowNeedsTheBandItSpans)
{
    Layer dilated = conv(64, 64, 56, 3);
    dilated.nest.dilationH = dilated.nest.dilationW = 2;
    const LayerCost wide = ws(65536, dilated);
    EXPECT_EQ(wide.folds.windowReuse, "rows and columns");
    EXPECT_EQ(wide.folds.windowSweepBytes, 225792);
    EXPECT_EQ(wide.folds.windowBandBytes, 2240);
    const LayerCost small = ws(2048, dilated);
    EXPECT_EQ(small.folds.windowReuse, "columns only");
    EXPECT_EQ(small.folds.windowSweepBytes, 661248);
    EXPECT_EQ(small.folds.windowBandBytes, 448);
    EXPECT_EQ(ws(2048, conv(64, 64, 56, 3)).folds.windowBandBytes, 1344);
}

// Along a row, dilated taps of consecutive windows interleave: a 1x3 window with dilation 2 over
// a 20-wide row (padding 2 each side), tiles of 5 output pixels read columns 0-6, 3-11, 8-16 and
// 13-19: 32 inputs for 60 im2col elements (undilated: 0-5, 4-10, 9-15, 14-19, 26). One pixel per
// tile reads its 3 taps, less the 4 that fall in the padding: 56.
TEST(WindowBuffer, DilatedTapsAlongARowCountEachInputOncePerTile)
{
    GemmShape g;
    g.sr = 20, g.t = 3, g.n = 4;
    g.kernelH = 1, g.kernelW = 3, g.outH = 1, g.outW = 20;
    g.plane.rows = 1, g.plane.cols = 20, g.plane.kernelCols = 3, g.plane.dilationCols = 2;
    const WindowTiling tiles { 5, 3, false, true, 1 };
    EXPECT_EQ(windowSweep(g, tiles, 1 << 20).storeBytes, 32);
    EXPECT_EQ(windowSweep(g, tiles, 1 << 20).im2colBytes, 60);
    EXPECT_EQ(windowSweep(g, { 1, 3, false, true, 1 }, 1 << 20).storeBytes, 56);
    g.plane.dilationCols = 1;
    EXPECT_EQ(windowSweep(g, tiles, 1 << 20).storeBytes, 26);
}
