#include "analysis/RepeatedBlocks.h"
#include "RepeatedModels.h"
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
