// What the plots promise a user beyond their pixels: colours that mean the same in every
// model and stay apart for colour-blind readers, zoom that cannot leave the data, a click
// on empty space that clears the selection, readable log ticks and hover values.
#include "AxisLimiter.h"
#include "DistinctLogTicker.h"
#include "FigureStyle.h"
#include "GanttBars.h"
#include "LayerColoring.h"
#include "SampleFigures.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>

using namespace mensa;
using namespace mensa::views;

namespace {

ModelAnalysisPtr modelOfKinds(const std::vector<LayerKind>& kinds)
{
    auto model = std::make_shared<Model>();
    for (LayerKind kind : kinds) {
        Layer layer;
        layer.kind = kind;
        layer.name = "layer" + std::to_string(model->layers.size());
        model->layers.push_back(layer);
    }
    auto analysis = std::make_shared<ModelAnalysis>();
    analysis->model = model;
    return analysis;
}

// The colour each layer of one model gets under `by` (as the main window colours the graph).
std::vector<QColor> coloursOf(const ModelAnalysisPtr& a, ColorBy by)
{
    const LayerColoring c = colorLayers({ { a.get(), nullptr, "m", 0 } }, by);
    std::vector<QColor> out;
    for (int g : c.groupOf[0])
        out.push_back(c.colors[static_cast<size_t>(g)]);
    return out;
}

// CIELAB of an sRGB colour as a deuteranope sees it: Machado, Oliveira & Fernandes (2009),
// severity 1.0, applied to linear RGB; then sRGB (D65) to XYZ to L*a*b*.
std::array<double, 3> deuteranopeLab(const QColor& c)
{
    auto linear
        = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    const double r = linear(c.redF()), g = linear(c.greenF()), b = linear(c.blueF());
    const double R = 0.367322 * r + 0.860646 * g - 0.227968 * b;
    const double G = 0.280085 * r + 0.672501 * g + 0.047413 * b;
    const double B = -0.011820 * r + 0.042940 * g + 0.968881 * b;
    const double X = 0.4124 * R + 0.3576 * G + 0.1805 * B;
    const double Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
    const double Z = 0.0193 * R + 0.1192 * G + 0.9505 * B;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    const double fx = f(X / 0.95047), fy = f(Y), fz = f(Z / 1.08883);
    return { 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz) };
}

double distance(const std::array<double, 3>& a, const std::array<double, 3>& b)
{
    return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
        + (a[2] - b[2]) * (a[2] - b[2]));
}

GanttBars* barsOf(const GanttView& view)
{
    for (int i = 0; i < view.plot()->plottableCount(); ++i)
        if (auto* bars = dynamic_cast<GanttBars*>(view.plot()->plottable(i)))
            return bars;
    return nullptr;
}

} // namespace

TEST(PlotColours, LayerKindColoursAreTheSameInEveryModel)
{
    // Elementwise is the 3rd kind seen in one model and the 1st in the other.
    const auto cnn = modelOfKinds(
        { LayerKind::Conv, LayerKind::Activation, LayerKind::Elementwise, LayerKind::Pool });
    const auto other
        = modelOfKinds({ LayerKind::Elementwise, LayerKind::Softmax, LayerKind::FullyConnected });
    const auto a = coloursOf(cnn, ColorBy::Kind);
    const auto b = coloursOf(other, ColorBy::Kind);
    EXPECT_EQ(a[2], b[0]) << "Elementwise";
    EXPECT_EQ(a[2], kindColor(LayerKind::Elementwise));
    EXPECT_EQ(b[2], kindColor(LayerKind::FullyConnected));
    // Compute kinds look as they do in the figures.
    EXPECT_EQ(a[0], FigureStyle::kindColor(LayerKind::Conv));
    EXPECT_EQ(b[2], FigureStyle::kindColor(LayerKind::FullyConnected));
}

TEST(PlotColours, EveryLayerKindHasItsOwnColour)
{
    QSet<QRgb> colours;
    for (int k = 0; k <= static_cast<int>(LayerKind::Other); ++k)
        colours.insert(kindColor(static_cast<LayerKind>(k)).rgb());
    EXPECT_EQ(colours.size(), static_cast<int>(LayerKind::Other) + 1);
}

TEST(PlotColours, SixteenClustersStayApartUnderDeuteranopia)
{
    std::vector<std::array<double, 3>> labs;
    for (int c = 0; c < 16; ++c)
        labs.push_back(deuteranopeLab(FigureStyle::clusterColor(c)));
    double closest = 1e9;
    for (size_t i = 0; i < labs.size(); ++i)
        for (size_t j = i + 1; j < labs.size(); ++j)
            closest = std::min(closest, distance(labs[i], labs[j]));
    // ~10 ΔE*ab is a clearly visible difference between flat areas; the old palette's
    // second cycle (darker repeats) came down to about 9.
    EXPECT_GE(closest, 15.0);
}

TEST(PlotColours, ClusterColouringMatchesTheClusterFigures)
{
    auto model = std::make_shared<ModelAnalysis>(
        *modelOfKinds({ LayerKind::Conv, LayerKind::Conv, LayerKind::Conv }));
    model->groups.cluster = { 9, 2, -1 };
    const auto colours = coloursOf(model, ColorBy::Cluster);
    EXPECT_EQ(colours[0], FigureStyle::clusterColor(9));
    EXPECT_EQ(colours[1], FigureStyle::clusterColor(2));
    EXPECT_EQ(colours[2], noGroupColor());
}

TEST(AxisLimits, ZoomAndPanStayWithinTheLimits)
{
    QCustomPlot plot;
    AxisLimiter limiter(plot.xAxis);
    limiter.setLimits(QCPRange(0, 10));
    EXPECT_DOUBLE_EQ(plot.xAxis->range().lower, 0);
    EXPECT_DOUBLE_EQ(plot.xAxis->range().upper, 10);
    plot.xAxis->setRange(-4.5, 30); // zoomed far out
    EXPECT_DOUBLE_EQ(plot.xAxis->range().lower, 0);
    EXPECT_DOUBLE_EQ(plot.xAxis->range().upper, 10);
    plot.xAxis->setRange(-2, 3); // dragged left past zero
    EXPECT_DOUBLE_EQ(plot.xAxis->range().lower, 0);
    EXPECT_DOUBLE_EQ(plot.xAxis->range().upper, 5);
    plot.xAxis->setRange(4, 6); // inside: kept
    EXPECT_DOUBLE_EQ(plot.xAxis->range().lower, 4);
    EXPECT_DOUBLE_EQ(plot.xAxis->range().upper, 6);
    limiter.reset();
    EXPECT_DOUBLE_EQ(plot.xAxis->range().upper, 10);
}

TEST(AxisLimits, LogAxisIsBoundedInDecades)
{
    QCustomPlot plot;
    plot.yAxis->setScaleType(QCPAxis::stLogarithmic);
    AxisLimiter limiter(plot.yAxis);
    limiter.setLimits(QCPRange(1, 1e4));
    plot.yAxis->setRange(1e-3, 1e9);
    EXPECT_NEAR(plot.yAxis->range().lower, 1, 1e-9);
    EXPECT_NEAR(plot.yAxis->range().upper, 1e4, 1e-6);
    plot.yAxis->setRange(0.1, 10); // two decades, dragged below the limit
    EXPECT_NEAR(plot.yAxis->range().lower, 1, 1e-9);
    EXPECT_NEAR(plot.yAxis->range().upper, 100, 1e-9);
}

TEST(GanttInteraction, WheelZoomOutNeverShowsNegativeTime)
{
    GanttView view;
    view.resize(900, 400);
    view.show();
    view.setInput(samples::gantt(samples::models()[0]));
    const QCPRange limits = view.timeLimits();
    EXPECT_DOUBLE_EQ(limits.lower, 0);
    QCPAxis* x = view.plot()->xAxis;
    x->scaleRange(8.0, x->range().center()); // what ten wheel steps outwards do
    EXPECT_GE(x->range().lower, 0);
    EXPECT_LE(x->range().upper, limits.upper + 1e-9);
    x->scaleRange(0.1, limits.upper * 0.9);
    EXPECT_LT(x->range().size(), limits.size() / 5);
    view.resetView();
    EXPECT_DOUBLE_EQ(x->range().lower, limits.lower);
    EXPECT_DOUBLE_EQ(x->range().upper, limits.upper);
}

TEST(GanttInteraction, AClickOnEmptySpaceAsksToClearTheSelection)
{
    GanttView view;
    view.resize(900, 400);
    view.show();
    view.setInput(samples::gantt(samples::models()[0]));
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    QSignalSpy cleared(&view, &FigureView::emptySpaceClicked);
    QSignalSpy clicked(&view, &FigureView::layerClicked);
    // Far right of the time axis, just inside the plot: after the last event.
    const QRect area = view.plot()->axisRect()->rect();
    const QPoint empty(area.right() - 2, area.top() + 2);
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, empty);
    QTest::mouseRelease(view.plot(), Qt::LeftButton, {}, empty);
    EXPECT_EQ(cleared.count(), 1);
    EXPECT_EQ(clicked.count(), 0);
}

TEST(GanttInteraction, ASelectionInAnotherModelFadesNothing)
{
    GanttView view;
    view.setInput(samples::gantt(samples::models()[0])); // CNN-3
    view.setHighlightedLayers({ { samples::modelKey("LSTM-2"), 1 } });
    for (const auto& bar : barsOf(view)->bars())
        EXPECT_FALSE(bar.faded);
    view.setHighlightedLayers(
        { { samples::modelKey("LSTM-2"), 1 }, { samples::modelKey("CNN-3"), 4 } });
    int faded = 0;
    for (const auto& bar : barsOf(view)->bars())
        faded += bar.faded ? 1 : 0;
    EXPECT_GT(faded, 0) << "a selection in this model still fades the rest";
}

TEST(LogTicks, LabelsNeverRepeatWithinADecade)
{
    QCustomPlot plot;
    plot.resize(600, 400);
    plot.xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot.xAxis->setTicker(QSharedPointer<DistinctLogTicker>::create());
    plot.xAxis->setNumberFormat("eb");
    plot.xAxis->setNumberPrecision(0);
    for (const QCPRange range : { QCPRange(1200, 3400), QCPRange(1, 1e6), QCPRange(40, 90) }) {
        plot.xAxis->setRange(range);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        const QVector<QString> labels = plot.xAxis->tickVectorLabels();
        const QSet<QString> distinct(labels.begin(), labels.end());
        EXPECT_EQ(distinct.size(), labels.size())
            << range.lower << ".." << range.upper << ": "
            << QStringList(labels.begin(), labels.end()).join(" | ").toStdString();
        EXPECT_GE(labels.size(), 2);
    }
}

TEST(BarHover, EnergyBarsNameTheirComponents)
{
    EnergyView view;
    view.setRecords(samples::energy());
    view.setGrouping(EnergyGrouping::PerModel);
    ASSERT_FALSE(view.bars().empty());
    const QString text = view.barDescription(0);
    EXPECT_TRUE(text.contains("total:")) << text.toStdString();
    EXPECT_TRUE(text.contains(FigureStyle::componentLabel(EnergyComponent::Mac)))
        << text.toStdString();
    EXPECT_TRUE(view.barDescription(int(view.bars().size())).isEmpty());
}

TEST(EnergyAxis, PerLayerBarsShowOneDesign)
{
    EnergyView view;
    std::vector<EnergyRecord> records = samples::energy();
    view.setRecords(records);
    view.setGrouping(EnergyGrouping::PerLayer);
    const QString model = records.front().model;
    view.setFilter(QString(), model);
    const size_t allDesigns = view.bars().size();
    view.setPerLayerDesign(records.front().design);
    size_t layers = 0;
    for (const EnergyRecord& r : records)
        layers += r.model == model && r.design == records.front().design ? 1 : 0;
    EXPECT_EQ(view.bars().size(), layers);
    EXPECT_LT(view.bars().size(), allDesigns);
    view.setGrouping(EnergyGrouping::PerModel); // the design comparison keeps every design
    QSet<QString> designs;
    for (const auto& bar : view.bars())
        designs.insert(bar.label);
    EXPECT_GT(designs.size(), 1);
}

TEST(BarHover, ComparisonBarsShowDesignModelAndValue)
{
    ComparisonView view;
    view.resize(900, 500);
    view.show();
    view.setResults(samples::comparison());
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    QString found;
    for (int i = 0; i < view.plot()->plottableCount() && found.isEmpty(); ++i) {
        auto* bars = qobject_cast<QCPBars*>(view.plot()->plottable(i));
        if (!bars || bars->dataCount() == 0)
            continue;
        const QCPBarsData& d = *bars->data()->at(0);
        const QPointF pixel = bars->coordsToPixels(d.key, d.value * 0.5);
        found = view.descriptionAt(pixel);
    }
    ASSERT_FALSE(found.isEmpty());
    EXPECT_TRUE(found.contains(" — ")) << found.toStdString();
    EXPECT_TRUE(found.contains(':')) << found.toStdString();
}
