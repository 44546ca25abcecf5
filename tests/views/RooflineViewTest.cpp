#include "FigureStyle.h"
#include "FigureTestSupport.h"
#include "RooflineView.h"
#include "SampleFigures.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::views;

TEST(RooflineView, DrawsRoofsAndEveryLayerPointOnLogAxes)
{
    RooflineView view;
    const auto points = samples::rooflinePoints();
    view.setData(samples::rooflineAccelerators(), points);
    EXPECT_EQ(view.markCount(), static_cast<int>(points.size()));
    EXPECT_EQ(view.plot()->xAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_EQ(view.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_EQ(view.plot()->xAxis->label(), "Arithmetic intensity (FLOP/B)");
    EXPECT_EQ(view.plot()->yAxis->label(), "Performance (GOP/s)");
    // The first graph is the Edge TPU roof: memory slope up to the ridge, then flat at peak.
    QCPGraph* roof = view.plot()->graph(0);
    ASSERT_EQ(roof->dataCount(), 3);
    EXPECT_DOUBLE_EQ(roof->data()->at(1)->key, 4e12 / 32e9);
    EXPECT_DOUBLE_EQ(roof->data()->at(2)->value, 4000.0);
    EXPECT_TRUE(roof->name().startsWith("Edge TPU: 4 TOP/s, 32 GB/s"));
    EXPECT_GT(test::inkShare(test::renderImage(view)), 0.03);
}

TEST(RooflineView, OneAcceleratorColoursPointsByKind)
{
    RooflineView view;
    const auto points = samples::rooflinePoints();
    view.setData(samples::rooflineAccelerators(), points);
    view.setAccelerator(0);
    const auto onEdgeTpu = std::count_if(points.begin(), points.end(), [](const RooflinePoint& p) { return p.accelerator == 0; });
    EXPECT_EQ(view.markCount(), static_cast<int>(onEdgeTpu));
    const QImage image = test::renderImage(view, 300);
    // Marker outlines are the kind colour, slightly darkened.
    EXPECT_GT(test::pixelsOfColour(image, FigureStyle::kindColor(LayerKind::Conv).darker(115), 12), 30);
    EXPECT_GT(test::pixelsOfColour(image, FigureStyle::kindColor(LayerKind::Lstm).darker(115), 12), 5);
    EXPECT_EQ(test::pixelsOfColour(image, FigureStyle::kindColor(LayerKind::MatMul).darker(115), 12), 0);
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(lines.size(), 1 + onEdgeTpu);
    EXPECT_TRUE(lines[1].startsWith("Edge TPU,CNN-3,0,conv1,Conv,"));
}

TEST(RooflineView, HighlightAndClickWorkOnPoints)
{
    RooflineView view;
    view.resize(700, 500);
    view.show(); // lays the plot out at that size
    const std::vector<RooflinePoint> points = {{"M", 0, "conv", LayerKind::Conv, 0, 100, 1e12},
                                               {"M", 1, "lstm", LayerKind::Lstm, 0, 2, 5e10},
                                               {"N", 0, "fc", LayerKind::FullyConnected, 0, 4, 1e11}};
    view.setData({{"Edge TPU", 4e12, 32e9}}, points);
    const int before = view.plot()->graphCount();
    view.setHighlightedLayers({{"M", 1}});
    EXPECT_EQ(view.plot()->graphCount(), before + 1);
    EXPECT_EQ(view.plot()->graph(before)->dataCount(), 1);
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const QPoint at(qRound(view.plot()->xAxis->coordToPixel(2)), qRound(view.plot()->yAxis->coordToPixel(50)));
    EXPECT_EQ(view.pointAt(at), 1);
    QSignalSpy spy(&view, &FigureView::layerClicked);
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, at);
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).value<views::LayerRef>(), (views::LayerRef{"M", 1}));
    EXPECT_EQ(view.pointAt(at + QPoint(40, 40)), -1);
}
