#include "TestEngine.h"

#include "ScatterPlotView.h"
#include "session/LayerFields.h"

#include <qcustomplot.h>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

namespace {

int expectedPoints(const ModelAnalysis& a, const QString& x, const QString& y, bool logs)
{
    const auto& f = layerFields();
    int n = 0;
    for (size_t i = 0; i < a.model->layers.size(); ++i) {
        auto vx = layerFieldValue(f[layerFieldIndex(x)], a, nullptr, int(i));
        auto vy = layerFieldValue(f[layerFieldIndex(y)], a, nullptr, int(i));
        n += vx && vy && (!logs || (*vx > 0 && *vy > 0));
    }
    return n;
}

} // namespace

TEST(ScatterPlotView, PlotsOnePointPerLayerWithValuesAndRendersThem)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    view.resize(700, 500);
    auto a = analyseSynthetic(48);
    view.setSources({ { 1, a, "synthetic" } });
    view.setAxes("macs", "paramBytes", true, true);
    const int expected = expectedPoints(*a, "macs", "paramBytes", true);
    EXPECT_GT(expected, 10);
    EXPECT_EQ(view.pointCount(), expected);
    view.setAxes("activationBytes", "vectorOps", false, false);
    EXPECT_EQ(view.pointCount(), 48); // linear axes keep zero values
    QImage empty = view.plot()->toPixmap(700, 500).toImage();

    view.setColorBy(ColorBy::Kind);
    view.setAxes("macs", "paramBytes", true, true);
    QImage image = view.plot()->toPixmap(700, 500).toImage();
    maybeSnapshot(image, "scatter");
    EXPECT_GT(nonBackgroundPixels(image), 5000);
    // Each group is one graph; points sum up to the total.
    int sum = 0, nonEmpty = 0;
    for (int g = 0; g < view.plot()->graphCount(); ++g)
        if (view.plot()->graph(g)->name() != "selected") {
            sum += view.plot()->graph(g)->data()->size();
            nonEmpty += !view.plot()->graph(g)->data()->isEmpty();
        }
    EXPECT_EQ(sum, expected);
    EXPECT_EQ(nonEmpty, 4); // Conv, DepthwiseConv, LSTM, FullyConnected have MACs and parameters
    EXPECT_GT(nonBackgroundPixels(image), nonBackgroundPixels(empty) / 2);
}

TEST(ScatterPlotView, SelectionIsHighlightedAndSeveralModelsColourByModel)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    auto a = analyseSynthetic(32, 1), b = analyseSynthetic(16, 2);
    view.setColorBy(ColorBy::Model);
    view.setSources({ { 1, a, "first" }, { 2, b, "second" } });
    view.setAxes("macs", "flopPerByte", true, true);
    EXPECT_EQ(view.groupCount(), 2);
    selection.setLayers({ { 1, 0 }, { 2, 0 } });
    QCPGraph* selected = nullptr;
    for (int g = 0; g < view.plot()->graphCount(); ++g)
        if (view.plot()->graph(g)->name() == "selected")
            selected = view.plot()->graph(g);
    ASSERT_TRUE(selected);
    EXPECT_EQ(selected->data()->size(), 2);
}

TEST(ScatterPlotView, CostAxesFollowTheDesign)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    auto a = analyseSynthetic(24);
    view.setSources({ { 1, a, "m" } });
    view.setAxes("flopPerByte", "utilization", true, false);
    EXPECT_EQ(view.pointCount(), 0); // no design chosen: no cost values
    view.setDesign("edge_tpu");
    EXPECT_GT(view.pointCount(), 0);
    EXPECT_EQ(view.plot()->yAxis->label(), "PE utilization [%]");
}
