#include "GanttView.h"
#include "FigureStyle.h"
#include "FigureTestSupport.h"
#include "GanttBars.h"
#include "SampleFigures.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::views;

namespace {

GanttBars* barsOf(const GanttView& view)
{
    for (int i = 0; i < view.plot()->plottableCount(); ++i)
        if (auto* bars = dynamic_cast<GanttBars*>(view.plot()->plottable(i)))
            return bars;
    return nullptr;
}

} // namespace

TEST(GanttView, DrawsOneBarPerEventAndRowPerResource)
{
    GanttView view;
    const GanttInput input = samples::gantt(samples::models()[0]);
    view.setInput(input);
    EXPECT_EQ(view.markCount(), static_cast<int>(input.schedule.events.size()));
    auto* ticker = dynamic_cast<QCPAxisTickerText*>(view.plot()->yAxis->ticker().data());
    ASSERT_NE(ticker, nullptr);
    EXPECT_EQ(ticker->ticks().size(), static_cast<int>(input.schedule.resources.size()));
    EXPECT_EQ(ticker->ticks().value(3), "Pascal-Pavlov");
    const QImage image = test::renderImage(view);
    EXPECT_GT(test::inkShare(image), 0.03);
    EXPECT_GT(test::pixelsOfColour(image, FigureStyle::acceleratorColor("Jacquard")), 50);
}

// Rows of accelerators without a fixed colour (Pipe-it's core groups, a Jetson's GPU and DLAs)
// each take their own palette slot: eight rows, eight colours (a hash of the name used to
// give "a53 core 0" and "a53 core 1" the same one).
TEST(GanttView, RowsWithoutFixedColoursNeverShareOne)
{
    GanttInput input;
    input.model = "pipeline";
    for (int k = 0; k < 8; ++k) {
        const std::string name = (k % 2 ? "a73 core " : "a53 core ") + std::to_string(k / 2);
        input.schedule.resources.push_back({ name, false, k });
        input.layers.push_back({ QString("layer %1").arg(k), LayerKind::Conv, -1 });
        input.schedule.events.push_back({ k, k, false, 0, k * 1e-3, (k + 4) * 1e-3, 1e-3 });
    }
    input.schedule.assignment = { 0, 1, 2, 3, 4, 5, 6, 7 };
    input.schedule.latency = 11e-3;
    GanttView view;
    view.setInput(input);
    const QImage image = test::renderImage(view);
    QList<QRgb> colours;
    for (int k = 0; k < 8; ++k) {
        const QColor c = FigureStyle::acceleratorColor(
            QString::fromStdString(input.schedule.resources[size_t(k)].name), k);
        EXPECT_FALSE(colours.contains(c.rgb())) << "row " << k << " repeats a colour";
        colours.append(c.rgb());
        EXPECT_GT(test::pixelsOfColour(image, c), 50) << "row " << k;
    }
    // Known accelerators keep their fixed colour whatever their row.
    EXPECT_EQ(
        FigureStyle::acceleratorColor("Jacquard", 5), FigureStyle::acceleratorColor("Jacquard"));
}

TEST(GanttView, TimeAxisUsesReadableUnit)
{
    GanttView view;
    view.setInput(samples::gantt(samples::models()[0])); // about 0.65 ms
    EXPECT_EQ(view.plot()->xAxis->label(), QString::fromUtf8("Time (µs)"));
    view.setInput(samples::gantt(samples::models()[3], 3)); // a few ms
    EXPECT_EQ(view.plot()->xAxis->label(), "Time (ms)");
}

TEST(GanttView, ColouringFollowsTheSelectedKey)
{
    GanttView view;
    view.setInput(samples::gantt(samples::models()[0]));
    const QColor jacquard = FigureStyle::acceleratorColor("Jacquard");
    EXPECT_GT(test::pixelsOfColour(test::renderImage(view), jacquard), 50);
    view.setColouring(GanttColouring::LayerKind);
    // No MatMul layer in the model, so the purple of Jacquard must be gone.
    EXPECT_EQ(test::pixelsOfColour(test::renderImage(view), jacquard, 2), 0);
    EXPECT_GT(test::pixelsOfColour(
                  test::renderImage(view), FigureStyle::kindColor(LayerKind::DepthwiseConv)),
        20);
}

TEST(GanttView, ZoomAndDragAreHorizontalOnly)
{
    GanttView view;
    view.setInput(samples::gantt(samples::models()[0]));
    EXPECT_EQ(view.plot()->axisRect()->rangeZoom(), Qt::Horizontal);
    EXPECT_EQ(view.plot()->axisRect()->rangeDrag(), Qt::Horizontal);
    EXPECT_TRUE(view.plot()->interactions().testFlag(QCP::iRangeZoom));
}

TEST(GanttView, HoverTextNamesLayerTimesAndEnergy)
{
    GanttView view;
    const GanttInput input = samples::gantt(samples::models()[0]);
    view.setInput(input);
    int conv4 = -1;
    for (size_t i = 0; i < input.schedule.events.size(); ++i)
        if (!input.schedule.events[i].transfer
            && input.layers[static_cast<size_t>(input.schedule.events[i].layer)].name == "conv4")
            conv4 = static_cast<int>(i);
    ASSERT_GE(conv4, 0);
    const QString text = view.eventDescription(conv4);
    EXPECT_TRUE(text.contains("conv4 on Pascal")) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::fromUtf8("µs")));
    EXPECT_TRUE(text.contains(QString::fromUtf8("µJ")));
    EXPECT_TRUE(text.contains("critical path"));
}

TEST(GanttView, PipelinedScheduleShowsEveryInference)
{
    GanttView view;
    const GanttInput input = samples::gantt(samples::models()[3], 3);
    view.setInput(input);
    EXPECT_EQ(view.markCount(), static_cast<int>(input.schedule.events.size()));
    const QString csv = view.csv();
    EXPECT_TRUE(csv.contains(",lstm4,2,0,")) << "third inference of lstm4 missing";
    int inference2 = 0;
    for (const ScheduleEvent& e : input.schedule.events)
        inference2 += e.inference == 2;
    EXPECT_GT(inference2, 0);
    const int pipelineDescription = static_cast<int>(input.schedule.events.size()) - 1;
    EXPECT_TRUE(view.eventDescription(pipelineDescription).contains("inference 2"));
}

TEST(GanttView, ManyEventsAreCulledToTheVisibleRange)
{
    GanttView view;
    view.resize(900, 400);
    view.show(); // lays the plot out at that size
    view.setInput(samples::largeGantt(5000));
    EXPECT_EQ(view.markCount(), 5000);
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    EXPECT_EQ(barsOf(view)->lastDrawnCount(), 5000);
    const QCPRange all = view.plot()->xAxis->range();
    view.plot()->xAxis->setRange(all.lower, all.lower + all.size() / 50);
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    EXPECT_LT(barsOf(view)->lastDrawnCount(), 200);
    EXPECT_GT(barsOf(view)->lastDrawnCount(), 50);
}

TEST(GanttView, CsvListsEveryEvent)
{
    GanttView view;
    const GanttInput input = samples::gantt(samples::models()[1]);
    view.setInput(input);
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), static_cast<int>(input.schedule.events.size()) + 1);
    EXPECT_EQ(lines[0],
        "model,resource,layer,layer_name,inference,transfer,start_s,end_s,joules,critical");
    EXPECT_TRUE(lines[1].startsWith("LSTM-2,Pavlov,0,embed,0,0,0,"));
}

TEST(GanttView, HighlightFadesOtherLayersAndClickReportsLayer)
{
    GanttView view;
    view.resize(900, 400);
    view.show(); // lays the plot out at that size
    const GanttInput input = samples::gantt(samples::models()[0]);
    view.setInput(input);
    view.setHighlightedLayers({ { samples::modelKey("CNN-3"), 4 } });
    int faded = 0, kept = 0;
    for (const auto& bar : barsOf(view)->bars())
        (bar.faded ? faded : kept) += 1;
    EXPECT_EQ(kept, 2); // conv4 and the transfer of its output
    EXPECT_EQ(faded, view.markCount() - 2);

    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    const ScheduleEvent* conv4 = nullptr;
    for (const ScheduleEvent& e : input.schedule.events)
        if (e.layer == 4 && !e.transfer)
            conv4 = &e;
    ASSERT_NE(conv4, nullptr);
    const QPoint at(qRound(view.plot()->xAxis->coordToPixel((conv4->start + conv4->end) / 2 * 1e6)),
        qRound(view.plot()->yAxis->coordToPixel(conv4->resource)));
    QSignalSpy spy(&view, &FigureView::layerClicked);
    QTest::mousePress(view.plot(), Qt::LeftButton, {}, at);
    QTest::mouseRelease(view.plot(), Qt::LeftButton, {}, at);
    ASSERT_EQ(spy.count(), 1);
    const auto ref = spy.at(0).at(0).value<views::LayerRef>();
    EXPECT_EQ(ref.model, samples::modelKey("CNN-3"));
    EXPECT_EQ(ref.layer, 4);
}

TEST(GanttView, OutlinesTheCriticalPathOnlyWhenItIsNotEverything)
{
    GanttView serial;
    serial.setInput(samples::gantt(samples::models()[0])); // one inference: every event is critical
    for (const auto& bar : barsOf(serial)->bars())
        EXPECT_FALSE(bar.outlined);

    GanttView pipelined;
    const GanttInput input
        = samples::gantt(samples::models()[3], 3); // only inference 0 is critical
    pipelined.setInput(input);
    int critical = 0, outlined = 0;
    for (const ScheduleEvent& e : input.schedule.events)
        critical += e.critical;
    for (const auto& bar : barsOf(pipelined)->bars())
        outlined += bar.outlined;
    EXPECT_GT(critical, 0);
    EXPECT_LT(critical, static_cast<int>(input.schedule.events.size()));
    EXPECT_EQ(outlined, critical);
}
