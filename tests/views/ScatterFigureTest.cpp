#include "ScatterFigure.h"
#include "FigureStyle.h"
#include "FigureTestSupport.h"
#include "SampleFigures.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace mensa::views;

TEST(ScatterFigure, PlotsLayersWithParametersByCluster)
{
    ScatterFigure view;
    const auto points = samples::scatter();
    view.setPoints(points, { "F1", "F2", "F3" });
    const auto withParams = std::count_if(points.begin(), points.end(),
        [](const ScatterFigurePoint& p) { return p.paramBytes > 0 && p.flopPerByte > 0; });
    EXPECT_EQ(view.markCount(), static_cast<int>(withParams));
    EXPECT_EQ(
        view.omittedCount(), static_cast<int>(points.size() - static_cast<size_t>(withParams)));
    ASSERT_EQ(view.plot()->graphCount(), 3);
    EXPECT_EQ(view.plot()->graph(0)->name(), "F1");
    EXPECT_EQ(view.plot()->graph(2)->name(), "F3");
    EXPECT_EQ(view.plot()->xAxis->label(), "Parameter footprint (bytes)");
    EXPECT_EQ(view.plot()->yAxis->label(), "Arithmetic intensity (FLOP/B)");
    const QImage image = test::renderImage(view);
    EXPECT_GT(test::pixelsOfColour(image, FigureStyle::clusterColor(1).darker(115), 10), 20);
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(lines.size(), 1 + static_cast<int>(points.size())); // CSV keeps every layer
}

TEST(ScatterFigure, HighlightAddsARingPerSelectedLayer)
{
    ScatterFigure view;
    view.setPoints(samples::scatter());
    view.setHighlightedLayers({ { samples::modelKey("CNN-3"), 0 },
        { samples::modelKey("CNN-3"), 3 } }); // pool3 has no parameters
    QCPGraph* last = view.plot()->graph(view.plot()->graphCount() - 1);
    EXPECT_EQ(last->name(), "Selected");
    EXPECT_EQ(last->dataCount(), 1);
}

TEST(ScatterFigure, ClickOnAPointSelectsItsLayer)
{
    ScatterFigure view;
    view.resize(640, 480);
    view.show(); // lays the plot out at that size
    view.setPoints({ { "M", 0, "conv", 2e3, 10, 0, 0 }, { "M", 1, "fc", 4e5, 2, 1, 0 },
        { "N", 0, "lstm", 1e6, 1, 1, 1 } });
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const QPoint at(
        qRound(view.plot()->xAxis->coordToPixel(4e5)), qRound(view.plot()->yAxis->coordToPixel(2)));
    QSignalSpy spy(&view, &FigureView::layerClicked);
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, at);
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).value<LayerRef>(), (LayerRef { 0, 1 }));
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, at + QPoint(60, -60)); // empty plot area
    EXPECT_EQ(spy.count(), 1);
}
