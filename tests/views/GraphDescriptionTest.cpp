#include "RepeatedModels.h"
#include "TestEngine.h"

#include "GraphvizGraph.h"
#include "ModelGraphView.h"

#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

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

namespace {

// The merged edges a description must have: one per pair of distinct nodes joined by a
// dependency between their layers (all layers visible).
std::set<std::pair<int, int>> expectedEdges(const Model& m, const GraphDescription& d)
{
    std::set<std::pair<int, int>> edges;
    for (int v = 0; v < static_cast<int>(m.layers.size()); ++v)
        for (int p : m.predecessors(v))
            if (d.nodeOfLayer[p] != d.nodeOfLayer[v])
                edges.insert({ d.nodeOfLayer[p], d.nodeOfLayer[v] });
    return edges;
}

std::set<std::pair<int, int>> edgeSet(const GraphDescription& d)
{
    std::set<std::pair<int, int>> edges;
    for (const auto& e : d.edges)
        edges.insert({ e.from, e.to });
    return edges;
}

ModelAnalysisPtr analysisOf(Model model)
{
    auto analysis = std::make_shared<ModelAnalysis>();
    analysis->model = std::make_shared<Model>(std::move(model));
    return analysis;
}

} // namespace

TEST(GraphDescription, CollapsedGroupsAreOneNodeWithMergedEdges)
{
    const Model m = residualStages({ 3, 4, 6, 3 });
    const RepeatedBlocks blocks = findRepeatedBlocks(m);
    ASSERT_EQ(blocks.groups.size(), 4u);
    GraphDescription d = buildGraphDescription(m, {}, {}, blocks, {});
    ASSERT_EQ(d.nodes.size(), 6u); // stem, 4 stages, fc
    for (int g = 0; g < 4; ++g) {
        const GraphNodeDesc& node = d.nodes[g + 1];
        EXPECT_EQ(node.group, g);
        EXPECT_EQ(static_cast<int>(node.layers.size()), blocks.groups[g].layerCount());
        EXPECT_TRUE(node.label.startsWith(QString::fromStdString(blocks.groups[g].name)));
        EXPECT_TRUE(node.label.contains(QString("%1 layers").arg(blocks.groups[g].layerCount())));
        for (int l = blocks.groups[g].firstLayer; l <= blocks.groups[g].lastLayer; ++l)
            EXPECT_EQ(d.nodeOfLayer[l], g + 1);
    }
    EXPECT_EQ(d.edges.size(), 5u); // a chain of six nodes: every stage merges to one edge
    EXPECT_EQ(edgeSet(d), expectedEdges(m, d));
    for (const auto& e : d.edges)
        EXPECT_NE(e.from, e.to);
}

TEST(GraphDescription, ExpandingOneGroupShowsItsLayers)
{
    const Model m = residualStages({ 3, 4, 6, 3 });
    const RepeatedBlocks blocks = findRepeatedBlocks(m);
    GraphDescription d = buildGraphDescription(m, {}, {}, blocks, { 2 });
    EXPECT_EQ(d.nodes.size(), 5u + blocks.groups[2].layerCount());
    EXPECT_EQ(d.nodes[d.nodeOfLayer[blocks.groups[2].firstLayer]].group, -1);
    EXPECT_EQ(d.nodes[d.nodeOfLayer[blocks.groups[1].firstLayer]].group, 1);
    EXPECT_EQ(edgeSet(d), expectedEdges(m, d));
    EXPECT_EQ(d.edges.size(), edgeSet(d).size()) << "no duplicate edges";
    GraphDescription all = buildGraphDescription(m, {}, {}, blocks, { 0, 1, 2, 3 });
    EXPECT_EQ(all.nodes.size(), m.layers.size());
    EXPECT_EQ(edgeSet(all), edgeSet(buildGraphDescription(m, {}, {})));
}

TEST(GraphDescription, CollapsedGroupsKeepTheirHiddenLayersWithComputeOnlyAndFolding)
{
    const Model m = residualStages({ 3, 4 });
    const RepeatedBlocks blocks = findRepeatedBlocks(m);
    ASSERT_EQ(blocks.groups.size(), 2u);
    GraphDescription d = buildGraphDescription(m, {}, { true, true, 3 }, blocks, { 1 });
    const int group0 = d.nodeOfLayer[blocks.groups[0].firstLayer];
    ASSERT_GE(group0, 0);
    EXPECT_EQ(d.nodes[group0].group, 0);
    EXPECT_EQ(static_cast<int>(d.nodes[group0].layers.size()), blocks.groups[0].layerCount());
    const int relu = m.producerOf("s1b1_relu"); // hidden: stage 2 is expanded, compute only
    EXPECT_EQ(d.nodeOfLayer[relu], -1);
    size_t listed = 0; // a folded chain never reaches into a collapsed group: no layer twice
    for (size_t k = 0; k < d.nodes.size(); ++k) {
        listed += d.nodes[k].layers.size();
        for (int l : d.nodes[k].layers)
            EXPECT_EQ(d.nodeOfLayer[l], static_cast<int>(k));
    }
    EXPECT_EQ(listed,
        static_cast<size_t>(std::count_if(
            d.nodeOfLayer.begin(), d.nodeOfLayer.end(), [](int node) { return node >= 0; })));
    for (const auto& e : d.edges)
        EXPECT_NE(e.from, e.to);
}

TEST(ModelGraphView, BigModelOpensCollapsedAndExpandsOnRequest)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(1024, 768);
    view.show();
    auto analysis = analysisOf(residualStages({ 100, 100, 100, 100 }));
    ASSERT_GE(analysis->model->layers.size(), size_t(ModelGraphView::kCollapseFromLayers));
    view.setAnalysis(3, analysis);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    ASSERT_EQ(view.repeatedBlocks().groups.size(), 4u);
    EXPECT_TRUE(view.expandedGroups().empty());
    ASSERT_EQ(view.description().nodes.size(), 6u);
    EXPECT_EQ(view.description().nodes[3].group, 2);
    maybeSnapshot(view.grab().toImage(), "graph_collapsed");

    // A layer selected elsewhere inside a collapsed group highlights the group's node.
    const int hidden = analysis->model->producerOf("s2b40_c2");
    selection.setSource(nullptr);
    selection.select({ 3, hidden });
    EXPECT_TRUE(view.isNodeHighlighted(3));
    EXPECT_FALSE(view.isNodeHighlighted(2));

    // Clicking a group node selects all its layers, the first one current.
    const RepeatedGroup& stage1 = view.repeatedBlocks().groups[1];
    QPoint at = view.canvas()->mapFromScene(view.nodeRect(2).center());
    QTest::mouseClick(view.canvas()->viewport(), Qt::LeftButton, {}, at);
    EXPECT_EQ(selection.layers().size(), stage1.layerCount());
    EXPECT_EQ(selection.current().layer, stage1.firstLayer);

    // Double-click expands the group (a new layout), double-click on one of its layers
    // collapses it again.
    QTest::mouseDClick(view.canvas()->viewport(), Qt::LeftButton, {}, at);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    EXPECT_EQ(view.expandedGroups(), std::set<int> { 1 });
    // 501 layers: too long to lay out one by one, blocks 1, 2 and 100 (6 + 5 + 5 layers) are
    // drawn layer by layer, blocks 3 to 99 as one node.
    ASSERT_GT(stage1.layerCount(), kMaxExpandedGroupLayers);
    EXPECT_EQ(view.description().nodes.size(), 5u + 16u + 1u);
    maybeSnapshot(view.grab().toImage(), "graph_expanded");
    const int layerNode = view.description().nodeOfLayer[stage1.firstLayer + 7];
    EXPECT_EQ(view.description().nodes[layerNode].group, -1);
    at = view.canvas()->mapFromScene(view.nodeRect(layerNode).center());
    view.canvas()->centerOn(view.nodeRect(layerNode).center());
    at = view.canvas()->mapFromScene(view.nodeRect(layerNode).center());
    QTest::mouseDClick(view.canvas()->viewport(), Qt::LeftButton, {}, at);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    EXPECT_TRUE(view.expandedGroups().empty());
    EXPECT_EQ(view.description().nodes.size(), 6u);
}

TEST(ModelGraphView, SmallModelOpensExpanded)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    auto analysis = analysisOf(residualStages({ 3, 4 }));
    view.setAnalysis(1, analysis);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    EXPECT_EQ(view.expandedGroups().size(), view.repeatedBlocks().groups.size());
    EXPECT_EQ(view.description().nodes.size(), analysis->model->layers.size());
}

TEST(ModelGraphView, FitShowsTheWholeOfATallGraph)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(1024, 768);
    view.show();
    view.setAnalysis(1, analysisOf(residualStages({ 20, 20 }))); // 204 layers: expanded
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    ASSERT_GT(view.description().nodes.size(), 200u);
    GraphCanvas* canvas = view.canvas();
    const QRectF scene = canvas->scene()->itemsBoundingRect();
    ASSERT_GT(scene.height(), 4.0 * canvas->viewport()->height()) << "a graph taller than the view";
    view.fit();
    const QRect shown = canvas->mapFromScene(scene).boundingRect();
    EXPECT_TRUE(canvas->viewport()->rect().contains(shown))
        << shown.x() << "," << shown.y() << " " << shown.width() << "x" << shown.height();
}

TEST(GraphDescription, ALongExpandedGroupShowsItsEndsAndOneNodeForTheMiddle)
{
    const Model m = residualStages({ 100, 3 });
    const RepeatedBlocks blocks = findRepeatedBlocks(m);
    const RepeatedGroup& long0 = blocks.groups[0];
    ASSERT_GT(long0.layerCount(), kMaxExpandedGroupLayers);
    GraphDescription d = buildGraphDescription(m, {}, {}, blocks, { 0, 1 });
    const int middle = d.nodeOfLayer[long0.blockStarts[2]];
    EXPECT_EQ(d.nodes[middle].group, 0);
    EXPECT_EQ(d.nodes[middle].layers.front(), long0.blockStarts[2]);
    EXPECT_EQ(d.nodes[middle].layers.back(), long0.blockStarts[99] - 1);
    EXPECT_TRUE(d.nodes[middle].label.contains("97 more blocks"));
    for (int l : { long0.firstLayer, long0.blockStarts[1] + 2, long0.blockStarts[99] })
        EXPECT_EQ(d.nodes[d.nodeOfLayer[l]].group, -1) << l;
    // stem, blocks 1, 2 and 100 (6 + 5 + 5 layers), the middle, stage 2 (3 blocks), fc
    EXPECT_EQ(
        d.nodes.size(), 1u + 16u + 1u + static_cast<size_t>(blocks.groups[1].layerCount()) + 1u);
    EXPECT_EQ(edgeSet(d), expectedEdges(m, d));
}

// A big model without repeats opens as a few section nodes; a section expands to its layers.
TEST(ModelGraphView, BigModelWithoutRepeatsOpensInSections)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(1024, 768);
    view.show();
    auto analysis = analysisOf(distinctLayers(2000));
    view.setAnalysis(1, analysis);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    const auto& groups = view.repeatedBlocks().groups;
    ASSERT_EQ(groups.size(), 20u);
    EXPECT_TRUE(std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g.section; }));
    ASSERT_EQ(view.description().nodes.size(), 20u);
    EXPECT_TRUE(view.description().nodes[0].label.startsWith("section 1 \u00b7 layers 1\u2013"));
    maybeSnapshot(view.grab().toImage(), "graph_sections");

    view.setGroupExpanded(4, true);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    EXPECT_EQ(view.description().nodes.size(), 19u + groups[4].layerCount());
    EXPECT_EQ(
        view.description().nodes[view.description().nodeOfLayer[groups[4].firstLayer]].group, -1);
}
