// Pruning (core/prune): the pruned model passes the ONNX checker and imports here, MACs drop
// as hand-computed per granularity, channels stay consistent across a residual Add and a
// Concat, and bad requests are refused in one line.
#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"
#include "prune/ModelPruner.h"
#include "prune/PruneSweep.h"
#include "prune/TensorData.h"
#include "util/Error.h"
#include "util/ResourceLocator.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace mensa;
using ::testing::HasSubstr;

namespace {

// x[1,8,8,8] -> a: conv3x3 16 -> b: conv1x1 16 ---+-> add -> relu -+-> concat -> e: conv1x1 32
//            \-> c: conv1x1 16 (residual branch) -/                 |
//            \-> d: conv1x1 8 --------------------------------------/
// e -> global pool -> flatten -> fc 10 (graph output).
struct SmallNet {
    std::string a, b, c, add, d, cat, e, fc;
    onnx::ModelProto proto;
};

SmallNet smallNet(WeightStorage storage = WeightStorage::Values)
{
    GraphBuilder g("small");
    SmallNet n;
    const std::string x = g.input("x", { 1, 8, 8, 8 });
    n.a = g.conv(x, 16, 3);
    n.b = g.conv(g.relu(n.a), 16, 1);
    n.c = g.conv(x, 16, 1);
    n.add = g.add(n.b, n.c);
    n.d = g.conv(x, 8, 1);
    n.cat = g.concat({ g.relu(n.add), n.d }, 1);
    n.e = g.conv(n.cat, 32, 1);
    n.fc = g.gemm(g.flatten(g.globalAvgPool(n.e)), 10);
    g.output(n.fc);
    n.proto = g.build(storage);
    return n;
}

const onnx::TensorProto& weightOf(const onnx::ModelProto& m, const std::string& output)
{
    for (const auto& node : m.graph().node())
        if (node.output(0) == output)
            for (const auto& t : m.graph().initializer())
                if (t.name() == node.input(1))
                    return t;
    throw std::runtime_error("no weight for " + output);
}

std::vector<float> floats(const onnx::TensorProto& t)
{
    std::vector<float> v(t.raw_data().size() / 4);
    std::memcpy(v.data(), t.raw_data().data(), v.size() * 4);
    return v;
}

// MACs of the layer producing `output` (after fusion).
int64_t macsOf(const Model& model, const std::string& output)
{
    for (const Layer& layer : model.layers)
        for (const auto& o : layer.outputs)
            if (o == output)
                return layer.metrics.macs;
    for (const Layer& layer : model.layers) // a fused activation renamed the output
        if (layer.name + "_out" == output) // GraphBuilder: node NAME makes NAME_out
            return layer.metrics.macs;
    return -1;
}

Model imported(const onnx::ModelProto& proto)
{
    return importOnnxBytes(proto.SerializeAsString(), "pruned.onnx");
}

PruneResult prune(const onnx::ModelProto& m, PruneGranularity g, double ratio, int width = 64)
{
    PruneRequest r;
    r.granularity = g;
    r.ratio = ratio;
    r.arrayWidth = width;
    return pruneModel(m, r, "small.onnx");
}

} // namespace

TEST(Prune, ChannelPrunedModelPassesTheCheckerAndImports)
{
    const SmallNet n = smallNet();
    const PruneResult r = prune(n.proto, PruneGranularity::Channel, 0.5);
    EXPECT_NO_THROW(onnx::checker::check_model(r.model));
    EXPECT_NO_THROW(imported(r.model));
    for (const auto& t : r.model.graph().initializer()) // data sliced with the dims
        EXPECT_EQ(int64_t(t.raw_data().size()) + 4 * t.float_data_size(),
            TensorData::elementCount(t) * TensorData::elementSize(t.data_type()))
            << t.name();
}

TEST(Prune, ChannelMacsDropAsHandComputed)
{
    const SmallNet n = smallNet();
    const Model before = imported(n.proto);
    const Model after = imported(prune(n.proto, PruneGranularity::Channel, 0.5).model);
    // a: K 16 -> 8; b, c (tied by the Add): 16 -> 8; d: 8 -> 4; e: 32 -> 16 with 8 + 4 inputs;
    // fc keeps its 10 outputs (graph output) and loses half its 32 inputs.
    EXPECT_EQ(macsOf(before, n.a), 16 * 8 * 64 * 9);
    EXPECT_EQ(macsOf(after, n.a), 8 * 8 * 64 * 9);
    EXPECT_EQ(macsOf(after, n.c), 8 * 8 * 64);
    EXPECT_EQ(macsOf(after, n.d), 4 * 8 * 64);
    EXPECT_EQ(macsOf(before, n.e), 32 * 24 * 64);
    EXPECT_EQ(macsOf(after, n.e), 16 * 12 * 64);
    EXPECT_EQ(macsOf(after, n.fc), 10 * 16);
}

TEST(Prune, ResidualAddKeepsTheSameChannelsOnBothBranches)
{
    const SmallNet n = smallNet();
    const PruneResult r = prune(n.proto, PruneGranularity::Channel, 0.5);
    const auto& bBefore = weightOf(n.proto, n.b);
    const auto& cBefore = weightOf(n.proto, n.c);
    const auto& bAfter = weightOf(r.model, n.b);
    const auto& cAfter = weightOf(r.model, n.c);
    ASSERT_EQ(bAfter.dims(0), 8);
    ASSERT_EQ(cAfter.dims(0), 8);
    // c's input is the graph input (8 channels, kept): its rows are whole original rows.
    const auto cb = floats(cBefore), ca = floats(cAfter);
    std::vector<int> keptC;
    for (int row = 0; row < 8; ++row)
        for (int orig = 0; orig < 16; ++orig)
            if (std::equal(ca.begin() + row * 8, ca.begin() + row * 8 + 8, cb.begin() + orig * 8))
                keptC.push_back(orig);
    ASSERT_EQ(keptC.size(), 8u);
    // b's rows lost input channels (a was pruned): compare through a's kept channels.
    const auto bb = floats(bBefore), ba = floats(bAfter);
    const auto& aAfter = weightOf(r.model, n.a);
    const auto aa = floats(aAfter), ab = floats(weightOf(n.proto, n.a));
    std::vector<int> keptA;
    for (int row = 0; row < 8; ++row)
        for (int orig = 0; orig < 16; ++orig)
            if (std::equal(
                    aa.begin() + row * 72, aa.begin() + row * 72 + 72, ab.begin() + orig * 72))
                keptA.push_back(orig);
    ASSERT_EQ(keptA.size(), 8u);
    for (int row = 0; row < 8; ++row)
        for (int j = 0; j < 8; ++j)
            EXPECT_EQ(
                ba[size_t(row * 8 + j)], bb[size_t(keptC[size_t(row)] * 16 + keptA[size_t(j)])])
                << "row " << row << " input " << j;
}

TEST(Prune, ConcatOffsetsSelectTheInputChannelsOfEachPart)
{
    const SmallNet n = smallNet();
    const PruneResult r = prune(n.proto, PruneGranularity::Channel, 0.5);
    const auto eb = floats(weightOf(n.proto, n.e)), ea = floats(weightOf(r.model, n.e));
    ASSERT_EQ(weightOf(r.model, n.e).dims(1), 12);
    // Each kept input column of e comes from the matching concat part: the first 8 from the
    // Add's 16 channels, the last 4 from d's 8 (offset 16), in ascending order.
    const auto& dAfter = weightOf(r.model, n.d);
    const auto da = floats(dAfter), db = floats(weightOf(n.proto, n.d));
    std::vector<int> keptD;
    for (int row = 0; row < 4; ++row)
        for (int orig = 0; orig < 8; ++orig)
            if (std::equal(da.begin() + row * 8, da.begin() + row * 8 + 8, db.begin() + orig * 8))
                keptD.push_back(orig);
    ASSERT_EQ(keptD.size(), 4u);
    const int64_t outE = weightOf(r.model, n.e).dims(0);
    const int64_t keptRow = [&] {
        for (int64_t orig = 0; orig < 32; ++orig)
            if (ea[0 + 8] == eb[size_t(orig * 24 + 16 + keptD[0])])
                return orig;
        return int64_t(-1);
    }();
    ASSERT_GE(keptRow, 0);
    for (int j = 0; j < 4; ++j)
        EXPECT_EQ(ea[size_t(8 + j)], eb[size_t(keptRow * 24 + 16 + keptD[size_t(j)])]);
    EXPECT_EQ(outE, 16);
}

TEST(Prune, ElementKeepsShapesAndRecordsTheDensity)
{
    const SmallNet n = smallNet();
    const PruneResult r = prune(n.proto, PruneGranularity::Element, 0.5);
    EXPECT_NO_THROW(onnx::checker::check_model(r.model));
    const auto w = floats(weightOf(r.model, n.e));
    EXPECT_EQ(w.size(), 32u * 24);
    EXPECT_EQ(std::count(w.begin(), w.end(), 0.0f), 32 * 24 / 2);
    const Model before = imported(n.proto);
    const Model after = imported(r.model);
    EXPECT_EQ(macsOf(after, n.e), macsOf(before, n.e)); // dense shapes: the same loop nest
    int checked = 0;
    for (const Layer& layer : after.layers) {
        if (layer.outputs.front() != n.e)
            continue;
        EXPECT_NEAR(layer.metrics.weightDensity, (32.0 * 24 / 2 + 32) / (32.0 * 24 + 32), 1e-9);
        ++checked;
    }
    EXPECT_EQ(checked, 1);
}

// On a dense systolic array element pruning buys nothing; on a design that skips zeros
// (eyeriss_v2 with sparsity enabled) it does.
TEST(Prune, ElementSparsityCostsNothingLessOnADenseArray)
{
    const SmallNet n = smallNet();
    const Model dense = imported(n.proto);
    const Model sparse = imported(prune(n.proto, PruneGranularity::Element, 0.5).model);
    const AcceleratorSystem tpu = loadSystem("edge_tpu");
    EXPECT_DOUBLE_EQ(runOnDesign(sparse, tpu).cost.latency, runOnDesign(dense, tpu).cost.latency);
    std::ifstream in(ResourceLocator().findAcceleratorSpec("eyeriss_v2"));
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const auto at = text.find("enabled: false");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 14, "enabled: true");
    const auto path
        = std::filesystem::temp_directory_path() / "mensa_prune_sparse_eyeriss.textproto";
    std::ofstream(path) << text;
    const AcceleratorSystem eyeriss = loadSystem(path.string());
    EXPECT_LT(runOnDesign(sparse, eyeriss).cost.energyPerInference,
        runOnDesign(dense, eyeriss).cost.energyPerInference);
    std::filesystem::remove(path);
}

TEST(Prune, ArrayRoundsKeptChannelsToWholeTiles)
{
    const SmallNet n = smallNet();
    const Model after = imported(prune(n.proto, PruneGranularity::Array, 0.4, 8).model);
    // width 8: a 16 -> round(9.6 / 8) * 8 = 8; b, c 16 -> 8; d 8 (one tile) kept;
    // e 32 -> round(19.2 / 8) * 8 = 16, inputs 8 + 8.
    EXPECT_EQ(macsOf(after, n.a), 8 * 8 * 64 * 9);
    EXPECT_EQ(macsOf(after, n.d), 8 * 8 * 64);
    EXPECT_EQ(macsOf(after, n.e), 16 * 16 * 64);
    // At the Edge TPU's width 64 no layer of this net has more than one tile: nothing changes.
    const Model wide = imported(prune(n.proto, PruneGranularity::Array, 0.4, 64).model);
    EXPECT_EQ(macsOf(wide, n.e), 32 * 24 * 64);
}

// The seed's point on a 64-wide weight-stationary array: removing less than a tile of output
// channels buys (almost) nothing, removing whole tiles buys their share.
TEST(Prune, OnlyWholeArrayTilesSpeedUpTheEdgeTpu)
{
    GraphBuilder g("tiles");
    const std::string y = g.conv(g.input("x", { 1, 256, 28, 28 }), 256, 1);
    g.output(g.conv(g.relu(y), 64, 1));
    const onnx::ModelProto proto = g.build(WeightStorage::ExternalMissing);
    PruneSweepOptions options;
    options.designs = { "edge_tpu" };
    options.granularities = { PruneGranularity::Channel, PruneGranularity::Array };
    options.ratios = { 0.1, 0.25 };
    const PruneSweep sweep = runPruneSweep(proto, "tiles.onnx", options);
    std::map<std::pair<int, double>, double> speedup;
    for (const auto& p : sweep.points)
        speedup[{ int(p.granularity), p.ratio }] = p.speedup;
    EXPECT_LT(speedup.at({ int(PruneGranularity::Channel), 0.1 }), 1.1); // 230 of 256: 4 tiles
    EXPECT_DOUBLE_EQ(speedup.at({ int(PruneGranularity::Array), 0.1 }), 1.0); // rounds to 256
    EXPECT_GT(speedup.at({ int(PruneGranularity::Array), 0.25 }), 1.15); // 192: 3 tiles of 4
}

// A stop request ends the sweep before the next point: what was run is kept, in order.
TEST(Prune, ASweepStopsAtItsNextPointWhenAsked)
{
    GraphBuilder g("stop");
    g.output(g.conv(g.relu(g.conv(g.input("x", { 1, 64, 14, 14 }), 64, 1)), 32, 1));
    const onnx::ModelProto proto = g.build(WeightStorage::ExternalMissing);
    PruneSweepOptions options;
    options.designs = { "edge_tpu" };
    options.granularities = { PruneGranularity::Channel };
    options.ratios = { 0.1, 0.2, 0.3 };
    const PruneSweep whole = runPruneSweep(proto, "stop.onnx", options);
    ASSERT_EQ(whole.points.size(), 4u); // the unpruned baseline and three ratios
    EXPECT_FALSE(whole.cancelled);
    int asked = 0;
    options.stopRequested = [&asked] { return ++asked > 1; }; // stop before the second ratio
    const PruneSweep stopped = runPruneSweep(proto, "stop.onnx", options);
    EXPECT_TRUE(stopped.cancelled);
    EXPECT_EQ(asked, 2);
    ASSERT_EQ(stopped.points.size(), 2u);
    for (size_t i = 0; i < stopped.points.size(); ++i) {
        EXPECT_EQ(stopped.points[i].ratio, whole.points[i].ratio);
        EXPECT_EQ(stopped.points[i].latency, whole.points[i].latency);
    }
}

TEST(Prune, RatioOutsideTheRangeIsRefused)
{
    const SmallNet n = smallNet();
    for (double r : { -0.1, 1.0, 1.5 })
        EXPECT_THROW(prune(n.proto, PruneGranularity::Channel, r), MensaError) << r;
}

TEST(Prune, PerLayerUnknownLayerIsNamed)
{
    const SmallNet n = smallNet();
    PruneRequest r;
    r.perLayer = { { "no_such_layer", 0.5 } };
    r.perLayerSource = "ratios.txt";
    try {
        pruneModel(n.proto, r, "small.onnx");
        FAIL() << "no error";
    }
    catch (const MensaError& e) {
        EXPECT_EQ(e.file(), "ratios.txt");
        EXPECT_THAT(e.problem(), HasSubstr("no_such_layer"));
    }
}

TEST(Prune, PerLayerRatiosTiedByAnAddMustAgree)
{
    const SmallNet n = smallNet();
    PruneRequest r;
    r.perLayer = { { n.b, 0.5 }, { n.c, 0.25 } };
    r.perLayerSource = "ratios.txt";
    EXPECT_THROW(pruneModel(n.proto, r, "small.onnx"), MensaError);
    r.perLayer = { { n.b, 0.5 }, { n.c, 0.5 } };
    EXPECT_NO_THROW(pruneModel(n.proto, r, "small.onnx"));
}

TEST(Prune, BlockedLayerNamesTheBlocker)
{
    GraphBuilder g("blocked");
    const std::string y = g.conv(g.input("x", { 1, 8, 4, 4 }), 16, 1);
    g.output(g.gemm(g.reshape(y, { 1, 256 }), 10));
    const onnx::ModelProto proto = g.build(WeightStorage::Values);
    PruneRequest r;
    r.perLayer = { { y, 0.5 } };
    try {
        pruneModel(proto, r, "blocked.onnx");
        FAIL() << "no error";
    }
    catch (const MensaError& e) {
        EXPECT_THAT(e.problem(), HasSubstr("Reshape"));
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
    }
    r.perLayer.clear();
    r.ratio = 0.5;
    EXPECT_THROW(pruneModel(proto, r, "blocked.onnx"), MensaError); // nothing can be pruned
}

TEST(Prune, PerLayerFileSyntax)
{
    const auto ratios = parsePerLayerRatios("# comment\nconv1 0.5\nconv2=0.25\n\n", "f.txt");
    EXPECT_EQ(ratios.size(), 2u);
    EXPECT_DOUBLE_EQ(ratios.at("conv2"), 0.25);
    EXPECT_THROW(parsePerLayerRatios("conv1 1.0\n", "f.txt"), MensaError);
    EXPECT_THROW(parsePerLayerRatios("conv1 half\n", "f.txt"), MensaError);
    EXPECT_THROW(parsePerLayerRatios("# nothing\n", "f.txt"), MensaError);
}

TEST(Prune, SampleResNetAndInceptionPruneAndImport)
{
    for (const char* name : { "resnet50", "inception_v3" }) {
        const auto path = (std::filesystem::path(MENSA_SOURCE_DIR) / "sample_models"
            / (std::string(name) + ".onnx"))
                              .string();
        const onnx::ModelProto proto = readModelWithWeights(path);
        const Model before = importOnnxFile(path);
        for (auto g : { PruneGranularity::Channel, PruneGranularity::Array }) {
            const PruneResult r = prune(proto, g, 0.5);
            const Model after = imported(r.model);
            EXPECT_LT(totals(after).macs, totals(before).macs) << name;
            EXPECT_GT(r.summary.layersPruned, 10) << name;
        }
    }
}
