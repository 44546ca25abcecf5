#include "RooflineView.h"
#include "FigureStyle.h"
#include "FigureTestSupport.h"
#include "SampleFigures.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <set>

using namespace mensa;
using namespace mensa::views;

namespace {

constexpr MemoryLevel kLevels[] = { MemoryLevel::Memory, MemoryLevel::Buffer };

// Marks a set of points gets: one per level that bytes cross.
int marksOf(const std::vector<RooflinePoint>& points, int accelerator = -1)
{
    int marks = 0;
    for (const RooflinePoint& p : points)
        if (accelerator < 0 || p.values.accelerator == accelerator)
            for (MemoryLevel level : kLevels)
                marks += p.values.intensity(level) > 0 ? 1 : 0;
    return marks;
}

RooflinePoint point(const QString& model, int layer, const QString& name, LayerKind kind,
    double opsPerSecond, double memoryIntensity, double bufferIntensity)
{
    LayerRooflinePoint v;
    v.layer = layer;
    v.ops = 1e6;
    v.seconds = v.ops / opsPerSecond;
    v.opsPerSecond = opsPerSecond;
    v.bytes = { memoryIntensity > 0 ? v.ops / memoryIntensity : 0,
        bufferIntensity > 0 ? v.ops / bufferIntensity : 0 };
    return { model, name, kind, v, model == "N" ? 1 : 0 };
}

RooflineAccelerator edgeTpu()
{
    return { "Edge TPU",
        { "edge_tpu", 4e12,
            { { MemoryLevel::Memory, "DRAM", 32e9 },
                { MemoryLevel::Buffer, "on-chip buffer", 96e9 } } } };
}

} // namespace

TEST(RooflineView, DrawsOneRoofPerMemoryLevelAndEveryLayerOncePerLevelOnLogAxes)
{
    RooflineView view;
    const auto points = samples::rooflinePoints();
    view.setData(samples::rooflineAccelerators(), points);
    EXPECT_EQ(view.markCount(), marksOf(points));
    EXPECT_EQ(view.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_EQ(view.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_EQ(view.plot()->xAxis->label(), "Operational intensity (op/B)");
    EXPECT_EQ(view.plot()->yAxis->label(), "Performance (Gop/s)");
    // The first graphs are the Edge TPU roofs: each slope up to its ridge, then flat at peak;
    // solid for DRAM, dashed for the on-chip buffer.
    QCPGraph* dram = view.plot()->graph(0);
    ASSERT_EQ(dram->dataCount(), 3);
    EXPECT_DOUBLE_EQ(dram->data()->at(1)->key, 4e12 / 32e9);
    EXPECT_DOUBLE_EQ(dram->data()->at(2)->value, 4000.0);
    EXPECT_EQ(
        dram->name(), "Edge TPU: peak 4 Top/s, DRAM 32 GB/s"); // several shown: peak in the legend
    EXPECT_EQ(dram->pen().style(), Qt::SolidLine);
    QCPGraph* buffer = view.plot()->graph(1);
    EXPECT_DOUBLE_EQ(buffer->data()->at(1)->key, 4e12 / 128e9);
    EXPECT_EQ(buffer->name(), "Edge TPU: on-chip buffer 128 GB/s");
    EXPECT_EQ(buffer->pen().style(), Qt::CustomDashLine);
    EXPECT_GT(test::inkShare(test::renderImage(view)), 0.03);
}

TEST(RooflineView, DrawsExactlyCoresNumbers)
{
    RooflineView view;
    const std::vector<RooflinePoint> points
        = { point("M", 0, "conv", LayerKind::Conv, 1e12, 100, 20),
              point("M", 1, "fc", LayerKind::FullyConnected, 2e10, 0, 3) };
    view.setData({ edgeTpu() }, points);
    EXPECT_EQ(view.markCount(), 3); // the fc layer crosses no DRAM byte: no DRAM mark
    std::multiset<std::pair<double, double>> drawn;
    for (int g = 0; g < view.plot()->graphCount(); ++g) {
        QCPGraph* graph = view.plot()->graph(g);
        if (graph->lineStyle() == QCPGraph::lsNone)
            for (auto it = graph->data()->begin(); it != graph->data()->end(); ++it)
                drawn.insert({ it->key, it->value });
    }
    const std::multiset<std::pair<double, double>> expected
        = { { 100, 1000 }, { 20, 1000 }, { 3, 20 } };
    EXPECT_EQ(drawn, expected);
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 3);
    EXPECT_TRUE(lines[0].startsWith(
        "accelerator,model,layer,layer_name,kind,steps,ops_per_step,seconds_per_step,ops_per_s,"));
    EXPECT_TRUE(lines[2].contains(",fc,FullyConnected,1,")) << lines[2].toStdString();
}

TEST(RooflineView, OneAcceleratorColoursPointsByKind)
{
    RooflineView view;
    const auto points = samples::rooflinePoints();
    view.setData(samples::rooflineAccelerators(), points);
    view.setAccelerator(0);
    EXPECT_EQ(view.markCount(), marksOf(points, 0));
    const QImage image = test::renderImage(view, 300);
    // Marker outlines are the kind colour, slightly darkened.
    EXPECT_GT(
        test::pixelsOfColour(image, FigureStyle::kindColor(LayerKind::Conv).darker(115), 12), 30);
    EXPECT_GT(
        test::pixelsOfColour(image, FigureStyle::kindColor(LayerKind::Lstm).darker(115), 12), 5);
    EXPECT_EQ(
        test::pixelsOfColour(image, FigureStyle::kindColor(LayerKind::MatMul).darker(115), 12), 0);
    const auto onEdgeTpu = std::count_if(points.begin(), points.end(),
        [](const RooflinePoint& p) { return p.values.accelerator == 0; });
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(lines.size(), 1 + onEdgeTpu);
    EXPECT_TRUE(lines[1].startsWith("Edge TPU,CNN-3,0,conv1,Conv,1,"));
}

TEST(RooflineView, HighlightAndClickWorkOnPoints)
{
    RooflineView view;
    view.resize(700, 500);
    view.show(); // lays the plot out at that size
    const std::vector<RooflinePoint> points
        = { point("M", 0, "conv", LayerKind::Conv, 1e12, 100, 20),
              point("M", 1, "lstm", LayerKind::Lstm, 5e10, 2, 0),
              point("N", 0, "fc", LayerKind::FullyConnected, 1e11, 4, 0) };
    view.setData({ edgeTpu() }, points);
    const int before = view.plot()->graphCount();
    view.setHighlightedLayers({ { 0, 0 } });
    EXPECT_EQ(view.plot()->graphCount(), before + 1);
    EXPECT_EQ(view.plot()->graph(before)->dataCount(), 2); // both marks of the conv
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const QPoint at(
        qRound(view.plot()->xAxis->coordToPixel(2)), qRound(view.plot()->yAxis->coordToPixel(50)));
    EXPECT_EQ(view.pointAt(at), 1);
    QSignalSpy spy(&view, &FigureView::layerClicked);
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, at);
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).value<views::LayerRef>(), (views::LayerRef { 0, 1 }));
    EXPECT_EQ(view.pointAt(at + QPoint(40, 40)), -1);
    const QPoint buffer(qRound(view.plot()->xAxis->coordToPixel(20)),
        qRound(view.plot()->yAxis->coordToPixel(1000)));
    EXPECT_EQ(view.pointAt(buffer), 0); // the buffer mark picks the same layer
}
