#include "TestEngine.h"

#include "GraphvizGraph.h"
#include "ModelGraphView.h"

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

namespace {

// a -> b(relu) -> c -> d(relu) -> e, with a skip a -> e
Model diamond()
{
    Model m;
    auto add = [&](std::string name, LayerKind kind, std::vector<std::string> in) {
        Layer l;
        l.name = name;
        l.opType = kind == LayerKind::Conv ? "Conv" : "Relu";
        l.kind = kind;
        l.inputs = std::move(in);
        l.outputs = { name };
        l.metrics.macs = kind == LayerKind::Conv ? 100 : 0;
        m.layers.push_back(l);
    };
    add("a", LayerKind::Conv, { "x" });
    add("b", LayerKind::Activation, { "a" });
    add("c", LayerKind::Conv, { "b" });
    add("d", LayerKind::Activation, { "c" });
    add("e", LayerKind::Conv, { "d", "a" });
    m.rebuildIndex();
    return m;
}

} // namespace

TEST(GraphDescription, AllLayersGiveOneNodePerLayerAndOneEdgePerDependency)
{
    Model m = diamond();
    std::vector<QColor> colors(5, Qt::red);
    colors[2] = Qt::blue;
    GraphDescription d = buildGraphDescription(m, colors, {});
    ASSERT_EQ(d.nodes.size(), 5u);
    EXPECT_EQ(d.edges.size(), 5u); // a-b b-c c-d d-e a-e
    EXPECT_EQ(d.nodes[2].color, QColor(Qt::blue));
    EXPECT_TRUE(d.nodes[0].label.startsWith("a\nConv"));
    EXPECT_EQ(d.nodeOfLayer, (std::vector<int> { 0, 1, 2, 3, 4 }));
}

TEST(GraphDescription, ComputeOnlyBridgesOverHiddenLayers)
{
    Model m = diamond();
    GraphDescription d = buildGraphDescription(m, {}, { true, false, 3 });
    ASSERT_EQ(d.nodes.size(), 3u); // a c e
    EXPECT_EQ(d.nodeOfLayer, (std::vector<int> { 0, -1, 1, -1, 2 }));
    ASSERT_EQ(d.edges.size(), 3u); // a-c, a-e, c-e
    EXPECT_EQ(d.edges[0].from, 0);
    EXPECT_EQ(d.edges[0].to, 1);
    EXPECT_EQ(d.edges[1].to, 2);
    EXPECT_EQ(d.edges[2].from, 1);
}

TEST(GraphDescription, FoldingCollapsesStraightChainsOnly)
{
    Model m = makeSyntheticModel(64);
    GraphDescription all = buildGraphDescription(m, {}, {});
    GraphDescription folded = buildGraphDescription(m, {}, { false, true, 3 });
    EXPECT_LT(folded.nodes.size(), all.nodes.size());
    size_t covered = 0;
    for (const auto& n : folded.nodes) {
        covered += n.layers.size();
        for (size_t k = 1; k < n.layers.size(); ++k) // a folded chain is a path in the model
            EXPECT_EQ(m.predecessors(n.layers[k]), std::vector<int> { n.layers[k - 1] });
    }
    EXPECT_EQ(covered, m.layers.size());
    for (const auto& e : folded.edges)
        EXPECT_NE(e.from, e.to);
}

TEST(GraphDescription, GraphvizLayoutPlacesEveryNodeTopDown)
{
    Model m = diamond();
    GraphDescription d = buildGraphDescription(m, {}, {});
    GraphLayout layout = layoutGraph(d);
    ASSERT_TRUE(layout.error.isEmpty()) << layout.error.toStdString();
    ASSERT_EQ(layout.nodeRects.size(), 5u);
    EXPECT_LT(layout.nodeRects[0].center().y(), layout.nodeRects[4].center().y());
    EXPECT_FALSE(layout.edges.isEmpty());
    EXPECT_TRUE(layout.bounds.contains(layout.nodeRects[2].center()));
}

TEST(ModelGraphView, ClickingANodeSelectsItsLayers)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(600, 700);
    auto analysis = analyseSynthetic(24);
    view.setAnalysis(7, analysis);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    EXPECT_EQ(view.description().nodes.size(), 24u);
    selection.select({ 7, 3 });
    EXPECT_EQ(selection.current().layer, 3);
    view.setOptions({ true, true, 3 }); // compute only, folded: re-layout
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    EXPECT_LT(view.description().nodes.size(), 24u);
}
