#include "EnergyView.h"
#include "CsvTable.h"
#include "FigureStyle.h"
#include "FigureTestSupport.h"
#include "SampleFigures.h"

#include <QSignalSpy>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::views;

namespace {

int barSeriesCount(QCustomPlot* plot)
{
    int n = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        n += qobject_cast<QCPBars*>(plot->plottable(i)) != nullptr;
    return n;
}

} // namespace

TEST(EnergyView, PerModelStacksOneBarPerModelAndDesign)
{
    EnergyView view;
    view.setRecords(samples::energy());
    view.setGrouping(EnergyGrouping::PerModel);
    ASSERT_EQ(view.bars().size(), 4u * 3u);
    EXPECT_EQ(view.bars()[0].group, "CNN-3");
    EXPECT_EQ(view.bars()[0].label, "Edge TPU");
    EXPECT_EQ(barSeriesCount(view.plot()), kEnergyComponentCount);
    // Every bar has all six components except the ones that are zero.
    EXPECT_GT(view.markCount(), 12 * 5);
    EXPECT_LE(view.markCount(), 12 * 6);
    double expected = 0;
    for (const EnergyRecord& r : samples::energy())
        if (r.model == "CNN-3" && r.design == "Mensa")
            expected += r.energy.total();
    EXPECT_NEAR(view.bars()[2].energy.total(), expected, expected * 1e-12);
    EXPECT_EQ(view.plot()->yAxis->label(), "Energy per inference (mJ)");
    EXPECT_TRUE(view.plot()->xAxis2->visible()); // model names on the top axis
    const QImage image = test::renderImage(view);
    EXPECT_GT(test::inkShare(image), 0.1);
    EXPECT_GT(
        test::pixelsOfColour(image, FigureStyle::componentColor(EnergyComponent::OffChip)), 500);
}

// Each bar carries the bytes its layers read and write per storage level: summed like the
// energy, listed in the hover text and in the CSV.
TEST(EnergyView, BarsCarryTheirLayersReadsAndWritesPerLevel)
{
    std::vector<EnergyRecord> records = samples::energy();
    for (size_t i = 0; i < records.size(); ++i) {
        records[i].levels[StorageLevel::OffChip].reads = 1000.0 * double(i + 1);
        records[i].levels[StorageLevel::RegisterFile].writes = 7;
    }
    EnergyView view;
    view.setRecords(records);
    view.setGrouping(EnergyGrouping::PerModel);
    ASSERT_FALSE(view.bars().empty());
    const EnergyView::Bar& bar = view.bars().front();
    double reads = 0, writes = 0;
    for (size_t i = 0; i < records.size(); ++i)
        if (records[i].model == bar.group && records[i].design == bar.label) {
            reads += 1000.0 * double(i + 1);
            writes += 7;
        }
    EXPECT_EQ(bar.levels[StorageLevel::OffChip].reads, reads);
    EXPECT_EQ(bar.levels[StorageLevel::RegisterFile].writes, writes);
    EXPECT_TRUE(view.barDescription(0).contains("off-chip memory: "))
        << view.barDescription(0).toStdString();
    const QString csv = view.csv();
    EXPECT_TRUE(csv.contains("off-chip memory read (B),off-chip memory written (B)"))
        << csv.toStdString();
    EXPECT_TRUE(csv.contains("PE registers written (B)"));
    EXPECT_TRUE(csv.contains(CsvTable::number(reads))) << csv.toStdString();
}

TEST(EnergyView, NormalisedBarsSumToHundredPercent)
{
    EnergyView view;
    view.setRecords(samples::energy());
    view.setGrouping(EnergyGrouping::PerAccelerator);
    view.setNormalized(true);
    ASSERT_EQ(view.bars().size(), 5u); // Edge TPU, Eyeriss v2, Pascal, Pavlov, Jacquard
    auto* first = qobject_cast<QCPBars*>(view.plot()->plottable(0));
    ASSERT_NE(first, nullptr);
    for (int i = 0; i < first->dataCount(); ++i) {
        double sum = 0;
        for (int c = 0; c < kEnergyComponentCount; ++c)
            sum += qobject_cast<QCPBars*>(view.plot()->plottable(c))->data()->at(i)->value;
        EXPECT_NEAR(sum, 100.0, 1e-9);
    }
    EXPECT_EQ(view.plot()->yAxis->label(), "Share of energy (%)");
    EXPECT_DOUBLE_EQ(view.plot()->yAxis->range().upper, 100.0);
}

TEST(EnergyView, PerLayerFilterShowsOneModelOfOneDesign)
{
    EnergyView view;
    view.setRecords(samples::energy());
    view.setGrouping(EnergyGrouping::PerLayer);
    view.setFilter("Edge TPU", "CNN-3");
    ASSERT_EQ(view.bars().size(), samples::models()[0].layers.size());
    EXPECT_EQ(view.bars()[4].label, "conv4");
    EXPECT_EQ(view.bars()[4].layer, (views::LayerRef { samples::modelKey("CNN-3"), 4 }));
    EXPECT_FALSE(view.plot()->xAxis2->visible());
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 1 + 11);
    EXPECT_EQ(lines[0],
        "group,bar,model,layer,MAC (J),Register file (J),On-chip buffers (J),NoC (J),"
        "Off-chip + DRAM (J),Static (J),total (J),off-chip memory read (B),"
        "off-chip memory written (B),parameter store read (B),parameter store written (B),"
        "activation store read (B),activation store written (B),window buffer read (B),"
        "window buffer written (B),accumulator read (B),accumulator written (B),"
        "PE registers read (B),"
        "PE registers written (B)");
    EXPECT_TRUE(lines[5].startsWith(",conv4,CNN-3,4,"));
}

TEST(EnergyView, HighlightOutlinesSelectedLayersAndClickReportsThem)
{
    EnergyView view;
    view.resize(800, 400);
    view.show(); // lays the plot out at that size
    view.setRecords(samples::energy());
    view.setGrouping(EnergyGrouping::PerLayer);
    view.setFilter("Mensa", "LSTM-2");
    EXPECT_EQ(view.plot()->itemCount(), 0);
    view.setHighlightedLayers({ { samples::modelKey("LSTM-2"), 1 },
        { samples::modelKey("LSTM-2"), 3 }, { samples::modelKey("CNN-3"), 1 } });
    EXPECT_EQ(view.plot()->itemCount(), 2);

    QSignalSpy spy(&view, &FigureView::layerClicked);
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    double stackTop = 0; // height of the third bar's stack, in axis units
    for (int c = 0; c < kEnergyComponentCount; ++c)
        stackTop += qobject_cast<QCPBars*>(view.plot()->plottable(c))->data()->at(2)->value;
    const double key = qobject_cast<QCPBars*>(view.plot()->plottable(0))->data()->at(2)->key;
    const QPoint at(qRound(view.plot()->xAxis->coordToPixel(key)),
        qRound(view.plot()->yAxis->coordToPixel(stackTop / 2)));
    QMouseEvent press(QEvent::MouseButtonPress, at, view.plot()->mapToGlobal(at), Qt::LeftButton,
        Qt::LeftButton, {});
    QMouseEvent release(QEvent::MouseButtonRelease, at, view.plot()->mapToGlobal(at),
        Qt::LeftButton, Qt::NoButton, {});
    QCoreApplication::sendEvent(view.plot(), &press);
    QCoreApplication::sendEvent(view.plot(), &release);
    ASSERT_GE(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).value<views::LayerRef>(),
        (views::LayerRef { samples::modelKey("LSTM-2"), 2 }));
}
