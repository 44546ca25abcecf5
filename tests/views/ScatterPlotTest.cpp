#include "TestEngine.h"

#include "ScatterPlotView.h"
#include "session/LayerFields.h"

#include <qcustomplot.h>

#include <QLabel>

#include <gtest/gtest.h>

#include <QCoreApplication>

#include <cmath>
#include <cstdlib>
#include <set>

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

std::vector<QCPGraph*> groupGraphs(ScatterPlotView& view)
{
    std::vector<QCPGraph*> graphs;
    for (int g = 0; g < view.plot()->graphCount(); ++g)
        if (view.plot()->graph(g)->name() != "selected")
            graphs.push_back(view.plot()->graph(g));
    return graphs;
}

// What LAYERS fills of COLOUR at ALPHA look like over the white plot background (layers > 1
// where layers share a value).
QColor blendOnWhite(const QColor& colour, int alpha, int layers = 1)
{
    const double white = std::pow((255.0 - alpha) / 255.0, layers);
    auto mix = [white](int c) { return int(std::lround(c + (255 - c) * white)); };
    return QColor(mix(colour.red()), mix(colour.green()), mix(colour.blue()));
}

bool closeColour(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green())
        + std::abs(a.blue() - b.blue())
        < 12;
}

// True when a pixel within 1 px of CENTRE shows one or more stacked marks of COLOUR.
bool markNear(const QImage& image, QPoint centre, const QColor& colour)
{
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const QPoint p = centre + QPoint(dx, dy);
            for (int layers = 1; layers <= 3 && image.rect().contains(p); ++layers)
                if (closeColour(image.pixelColor(p), blendOnWhite(colour, 200, layers)))
                    return true;
        }
    return false;
}

} // namespace

TEST(ScatterPlotView, PlotsOnePointPerLayerWithItsValues)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    auto a = analyseSynthetic(48);
    view.setSources({ { 1, a, "synthetic" } });
    view.setAxes("macs", "paramBytes", true, true);
    const int expected = expectedPoints(*a, "macs", "paramBytes", true);
    EXPECT_GT(expected, 10);
    EXPECT_EQ(view.pointCount(), expected);
    view.setAxes("activationBytes", "vectorOps", false, false);
    EXPECT_EQ(view.pointCount(), 48); // linear axes keep zero values

    view.setColorBy(ColorBy::Kind);
    view.setAxes("macs", "paramBytes", true, true);
    // Each group is one graph holding exactly the (MACs, parameter bytes) pairs of its layers.
    std::multiset<std::pair<double, double>> plotted, wanted;
    int nonEmpty = 0;
    for (QCPGraph* graph : groupGraphs(view)) {
        for (const auto& d : *graph->data())
            plotted.insert({ d.key, d.value });
        nonEmpty += !graph->data()->isEmpty();
    }
    for (const auto& layer : a->model->layers)
        if (layer.metrics.macs > 0 && layer.metrics.paramBytes > 0)
            wanted.insert({ double(layer.metrics.macs), double(layer.metrics.paramBytes) });
    EXPECT_EQ(plotted, wanted);
    EXPECT_EQ(nonEmpty, 4); // Conv, DepthwiseConv, LSTM, FullyConnected have MACs and parameters
}

TEST(ScatterPlotView, RendersAMarkOfItsGroupColourAtEveryPoint)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    view.resize(700, 500);
    auto a = analyseSynthetic(48);
    view.setColorBy(ColorBy::Kind);
    view.setSources({ { 1, a, "synthetic" } });
    view.setAxes("macs", "paramBytes", true, true);
    view.show();
    QCoreApplication::processEvents();
    view.plot()->replot();
    const QImage image = view.plot()->toPixmap().toImage().convertToFormat(QImage::Format_RGB32);
    maybeSnapshot(image, "scatter");
    int points = 0, marked = 0;
    for (QCPGraph* graph : groupGraphs(view)) {
        const QColor colour = graph->pen().color();
        int groupMarked = 0;
        for (const auto& d : *graph->data()) {
            const QPoint pixel(qRound(view.plot()->xAxis->coordToPixel(d.key)),
                qRound(view.plot()->yAxis->coordToPixel(d.value)));
            ++points;
            groupMarked += markNear(image, pixel, colour);
        }
        marked += groupMarked;
        if (!graph->data()->isEmpty()) {
            EXPECT_GT(groupMarked, 0) << graph->name().toStdString();
        }
    }
    EXPECT_EQ(points, view.pointCount());
    // Points of another group drawn later may cover a few.
    EXPECT_GE(marked, points * 9 / 10) << marked << " of " << points;
    EXPECT_EQ(view.plot()->xAxis->label(), layerFields()[layerFieldIndex("macs")].axisLabel());
    EXPECT_EQ(
        view.plot()->yAxis->label(), layerFields()[layerFieldIndex("paramBytes")].axisLabel());
}

// The bar's note counts what is drawn in a few words (a narrow dock clipped the old sentence
// mid-word); the tooltip says why the rest is missing.
TEST(ScatterPlotView, TheNoteCountsTheDrawnPointsAndTheTooltipSaysWhyOthersAreNot)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    auto a = analyseSynthetic(48);
    view.setSources({ { 1, a, "synthetic" } });
    view.setAxes("macs", "paramBytes", true, true);
    int drawn = 0;
    for (QCPGraph* graph : groupGraphs(view))
        drawn += graph->data()->size();
    const int layers = int(a->model->layers.size());
    ASSERT_EQ(drawn, view.pointCount());
    ASSERT_LT(drawn, layers); // activations and adds have no parameters
    const QLabel* note = nullptr;
    for (const QLabel* label : view.findChildren<QLabel*>())
        if (label->text().contains("shown"))
            note = label;
    ASSERT_NE(note, nullptr);
    EXPECT_EQ(note->text(), QString("%1 of %2 shown").arg(drawn).arg(layers));
    EXPECT_EQ(note->toolTip(),
        QString("%1 of %2 layers are not drawn: they have no value, or one ≤ 0 on a log axis")
            .arg(layers - drawn)
            .arg(layers));
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
