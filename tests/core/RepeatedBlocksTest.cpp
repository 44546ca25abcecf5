#include "analysis/RepeatedBlocks.h"
#include "RepeatedModels.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

using namespace mensa;
using namespace mensa::test;

namespace {

std::string sourceDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src ? src : MENSA_SOURCE_DIR;
}

void expectConsistent(const RepeatedBlocks& r, const Model& m)
{
    ASSERT_EQ(r.groupOfLayer.size(), m.layers.size());
    std::vector<int> seen(m.layers.size(), -1);
    int previousEnd = -1;
    for (size_t g = 0; g < r.groups.size(); ++g) {
        const RepeatedGroup& group = r.groups[g];
        EXPECT_GT(group.firstLayer, previousEnd) << "groups are disjoint and in layer order";
        previousEnd = group.lastLayer;
        ASSERT_EQ(static_cast<int>(group.blockStarts.size()), group.repeats);
        EXPECT_EQ(group.blockStarts.front(), group.firstLayer);
        int64_t macs = 0;
        for (int l = group.firstLayer; l <= group.lastLayer; ++l) {
            EXPECT_EQ(seen[l], -1) << "layer " << l << " in two groups";
            seen[l] = static_cast<int>(g);
            macs += m.layers[l].metrics.macs;
        }
        EXPECT_EQ(group.macs, macs);
    }
    EXPECT_EQ(seen, r.groupOfLayer);
}

} // namespace

TEST(RepeatedBlocks, FindsTheSixteenBottleneckBlocksOfResNet50)
{
    const Model m = importOnnxFile(sourceDir() + "/sample_models/resnet50.onnx");
    const RepeatedBlocks r = findRepeatedBlocks(m);
    expectConsistent(r, m);
    ASSERT_EQ(r.groups.size(), 4u); // He et al.: stages of 3, 4, 6 and 3 bottleneck blocks
    const int expected[] = { 3, 4, 6, 3 };
    for (int s = 0; s < 4; ++s) {
        EXPECT_EQ(r.groups[s].repeats, expected[s]);
        EXPECT_EQ(r.groups[s].blockName, "bottleneck block");
    }
    EXPECT_EQ(r.groups[2].name, "stage 3 \u00b7 6x bottleneck block");
    // The stem (conv, max pool) and the head (pool, flatten, fc) stay ungrouped.
    EXPECT_EQ(r.groupOfLayer.front(), -1);
    EXPECT_EQ(r.groupOfLayer.back(), -1);
    // 16 blocks of 3 convs, 4 of them with a projection shortcut: 52 of the 53 convs.
    int convsInGroups = 0;
    for (size_t l = 0; l < m.layers.size(); ++l)
        convsInGroups += r.groupOfLayer[l] >= 0 && m.layers[l].kind == LayerKind::Conv;
    EXPECT_EQ(convsInGroups, 52);
}

TEST(RepeatedBlocks, FindsInvertedResidualBlocksOfMobileNetV2)
{
    const Model m = importOnnxFile(sourceDir() + "/sample_models/mobilenet_v2.onnx");
    const RepeatedBlocks r = findRepeatedBlocks(m);
    expectConsistent(r, m);
    // Sandler et al. table 2: bottleneck rows repeated n = 2, 3, 4, 3, 3 times.
    std::vector<int> repeats;
    for (const auto& g : r.groups) {
        repeats.push_back(g.repeats);
        EXPECT_EQ(g.blockName, "inverted-residual block");
    }
    EXPECT_EQ(repeats, (std::vector<int> { 2, 3, 4, 3, 3 }));
}

TEST(RepeatedBlocks, GroupsEveryStageOfATenThousandLayerModel)
{
    const Model m = residualStages({ 500, 500, 500, 499 });
    ASSERT_GE(m.layers.size(), 9990u);
    const RepeatedBlocks r = findRepeatedBlocks(m);
    expectConsistent(r, m);
    ASSERT_EQ(r.groups.size(), 4u);
    EXPECT_EQ(r.groups[0].repeats, 500);
    EXPECT_EQ(r.groups[3].repeats, 499);
    EXPECT_EQ(r.groups[1].name, "stage 2 \u00b7 500x bottleneck block");
    EXPECT_EQ(r.groups[1].firstLayer, m.producerOf("s1b0_c1"));
    EXPECT_EQ(r.groups[1].lastLayer, m.producerOf("s1b499_relu"));
    EXPECT_EQ(r.groups[1].blockStarts[1], m.producerOf("s1b1_c1"));
    EXPECT_EQ(r.groupOfLayer[m.producerOf("stem")], -1);
    EXPECT_EQ(r.groupOfLayer[m.producerOf("fc")], -1);
}

TEST(RepeatedBlocks, NeverGroupsAChainOfDistinctLayers)
{
    ModelSketch s;
    std::string x = "input";
    for (int i = 0; i < 200; ++i)
        x = s.add("l" + std::to_string(i), i % 2 ? LayerKind::Conv : LayerKind::Pool,
            i % 2 ? "Conv" : "MaxPool", { x }, 8 * (i + 1));
    const Model m = s.take();
    const RepeatedBlocks r = findRepeatedBlocks(m);
    EXPECT_TRUE(r.groups.empty());
    EXPECT_EQ(r.groupOfLayer, std::vector<int>(m.layers.size(), -1));
}

TEST(RepeatedBlocks, NamesGroupsAfterTheCommonLayerNameHierarchy)
{
    ModelSketch s;
    std::string x = s.add("/embeddings/Add", LayerKind::Elementwise, "Add", { "ids" }, 256);
    for (int i = 0; i < 6; ++i) {
        const std::string p = "/encoder/layer." + std::to_string(i) + "/";
        std::string q
            = s.add(p + "attention/q/MatMul", LayerKind::FullyConnected, "MatMul", { x }, 256);
        std::string k
            = s.add(p + "attention/k/MatMul", LayerKind::FullyConnected, "MatMul", { x }, 256);
        std::string v
            = s.add(p + "attention/v/MatMul", LayerKind::FullyConnected, "MatMul", { x }, 256);
        std::string a = s.add(p + "attention/scores", LayerKind::MatMul, "MatMul", { q, k }, 128);
        a = s.add(p + "attention/Softmax", LayerKind::Softmax, "Softmax", { a }, 128);
        a = s.add(p + "attention/context", LayerKind::MatMul, "MatMul", { a, v }, 256);
        a = s.add(p + "attention/Add", LayerKind::Elementwise, "Add", { a, x }, 256);
        std::string f = s.add(p + "ffn/up", LayerKind::FullyConnected, "MatMul", { a }, 1024);
        f = s.add(p + "ffn/down", LayerKind::FullyConnected, "MatMul", { f }, 256);
        x = s.add(p + "ffn/Add", LayerKind::Elementwise, "Add", { f, a }, 256);
    }
    const Model m = s.take();
    const RepeatedBlocks r = findRepeatedBlocks(m);
    expectConsistent(r, m);
    ASSERT_EQ(r.groups.size(), 1u);
    EXPECT_EQ(r.groups[0].repeats, 6);
    EXPECT_EQ(r.groups[0].firstLayer, 1);
    EXPECT_EQ(r.groups[0].name, "encoder/layer \u00b7 6x transformer layer");
}

TEST(RepeatedBlocks, IsDeterministic)
{
    const Model m = residualStages({ 3, 7, 2 });
    const RepeatedBlocks a = findRepeatedBlocks(m), b = findRepeatedBlocks(m);
    ASSERT_EQ(a.groups.size(), b.groups.size());
    for (size_t g = 0; g < a.groups.size(); ++g) {
        EXPECT_EQ(a.groups[g].name, b.groups[g].name);
        EXPECT_EQ(a.groups[g].blockStarts, b.groups[g].blockStarts);
    }
    EXPECT_EQ(a.groupOfLayer, b.groupOfLayer);
    EXPECT_TRUE(findRepeatedBlocks(Model {}).groups.empty());
}

namespace {

// A BERT-style encoder as PyTorch exports it at opset 17: per layer the Q/K/V projections,
// head reshapes and transposes, scaled scores plus the additive attention mask (one tensor
// read by every layer), softmax, context, output projection, residual Add, LayerNorm, then
// the feed-forward sub-block with an Erf GELU, residual Add and LayerNorm.
Model bertLikeEncoder(int layers, int64_t seq = 128, int64_t hidden = 256, int64_t heads = 4)
{
    GraphBuilder g("bert_like", 17);
    const int64_t dh = hidden / heads;
    std::string x = g.input("embeddings", { 1, seq, hidden });
    const std::string rawMask = g.input("attention_mask", { 1, 1, 1, seq });
    const std::string mask = g.mul(rawMask, rawMask); // (1 - mask) * -10000 in the export
    const std::vector<int64_t> tokens { 1, seq, hidden };
    const std::string scale = g.input("ln_scale", { hidden }); // an initializer in the export
    auto layerNorm = [&](const std::string& t) {
        return g.custom("LayerNormalization", { t, scale }, tokens);
    };
    auto heads4 = [&](const std::string& t, const std::vector<int64_t>& perm) {
        return g.transpose(g.reshape(t, { 1, seq, heads, dh }), perm);
    };
    x = layerNorm(x); // the embeddings' LayerNorm
    for (int l = 0; l < layers; ++l) {
        const std::string q = heads4(g.matmulWeights(x, hidden), { 0, 2, 1, 3 });
        const std::string k = heads4(g.matmulWeights(x, hidden), { 0, 2, 3, 1 });
        const std::string v = heads4(g.matmulWeights(x, hidden), { 0, 2, 1, 3 });
        std::string scores = g.matmul(q, k);
        scores = g.add(g.mul(scores, scores), mask);
        const std::string context = g.matmul(g.softmax(scores), v);
        const std::string merged
            = g.reshape(g.transpose(context, { 0, 2, 1, 3 }), { 1, seq, hidden });
        x = layerNorm(g.add(g.matmulWeights(merged, hidden), x));
        std::string ff = g.matmulWeights(x, 4 * hidden);
        ff = g.mul(ff, g.custom("Erf", { ff }, { 1, seq, 4 * hidden }));
        x = layerNorm(g.add(g.matmulWeights(ff, hidden), x));
    }
    g.output(g.matmulWeights(x, 2));
    return importOnnxBytes(g.serialize(), "bert_like.onnx");
}

} // namespace

// A transformer alternates an attention and a feed-forward sub-block, and every layer reads
// the same mask: the layers still form one group, for few layers as for many.
TEST(RepeatedBlocks, GroupsTheLayersOfATransformerEncoder)
{
    for (int layers : { 2, 4, 6, 12, 24 }) {
        const Model m = bertLikeEncoder(layers);
        const RepeatedBlocks r = findRepeatedBlocks(m);
        expectConsistent(r, m);
        ASSERT_EQ(r.groups.size(), 1u) << layers << " layers";
        const RepeatedGroup& group = r.groups.front();
        EXPECT_EQ(group.repeats, layers);
        EXPECT_EQ(group.blockName, "transformer layer");
        int matmulsInGroup = 0, matmuls = 0;
        for (size_t l = 0; l < m.layers.size(); ++l) {
            const bool mm = m.layers[l].opType == "MatMul";
            matmuls += mm;
            matmulsInGroup += mm && r.groupOfLayer[l] == 0;
        }
        EXPECT_EQ(matmulsInGroup, 8 * layers) << "6 projections and 2 attention products";
        EXPECT_EQ(matmuls, 8 * layers + 1);
    }
}

// A big model without repeats is cut into sections of about the asked size, ending where only
// one tensor flows on when the graph allows it; repeated groups stay as they are.
TEST(RepeatedBlocks, SectionsCutLongUnrepeatedStretches)
{
    const Model m = distinctLayers(1000);
    EXPECT_TRUE(findRepeatedBlocks(m).groups.empty());
    const RepeatedBlocks r = findRepeatedBlocksAndSections(m, 100);
    expectConsistent(r, m);
    ASSERT_EQ(r.groups.size(), 10u);
    EXPECT_EQ(r.groups.front().firstLayer, 0);
    EXPECT_EQ(r.groups.back().lastLayer, 999);
    for (size_t g = 0; g < r.groups.size(); ++g) {
        const RepeatedGroup& section = r.groups[g];
        EXPECT_TRUE(section.section);
        EXPECT_EQ(section.repeats, 1);
        EXPECT_GE(section.layerCount(), 50);
        EXPECT_LE(section.layerCount(), 150);
        // The Add at 4k reads 4k-1 and 4k-3: only after layer 4k (the Add) and 4k+1 does a
        // single tensor flow on. Every cut but the last is one of those.
        if (g + 1 < r.groups.size()) {
            EXPECT_LE(section.lastLayer % 4, 1) << section.name;
        }
    }
    EXPECT_EQ(r.groups[1].name,
        "section 2 \u00b7 layers " + std::to_string(r.groups[1].firstLayer + 1) + "\u2013"
            + std::to_string(r.groups[1].lastLayer + 1));
}

TEST(RepeatedBlocks, SectionsLeaveRepeatedGroupsAndSmallModelsAlone)
{
    const Model resnet = residualStages({ 3, 4, 6, 3 });
    const RepeatedBlocks plain = findRepeatedBlocks(resnet);
    const RepeatedBlocks sectioned = findRepeatedBlocksAndSections(resnet, 10);
    expectConsistent(sectioned, resnet);
    ASSERT_EQ(sectioned.groups.size(), plain.groups.size())
        << "no stretch outside the stages is over 10 layers";
    for (size_t g = 0; g < plain.groups.size(); ++g) {
        EXPECT_EQ(sectioned.groups[g].firstLayer, plain.groups[g].firstLayer);
        EXPECT_EQ(sectioned.groups[g].lastLayer, plain.groups[g].lastLayer);
        EXPECT_FALSE(sectioned.groups[g].section);
    }
    const Model small = distinctLayers(90);
    EXPECT_TRUE(findRepeatedBlocksAndSections(small, 100).groups.empty());
}
