#include "ComparisonView.h"
#include "FigureTestSupport.h"
#include "SampleFigures.h"

#include <cmath>

#include <gtest/gtest.h>

using namespace mensa::views;

namespace {

std::vector<DesignResult> twoModels()
{
    return { { "Edge TPU", "A", 100, 2e-3, 0.2 }, { "Mensa", "A", 400, 1e-3, 0.6 },
        { "Edge TPU", "B", 50, 4e-3, 0.1 }, { "Mensa", "B", 100, 1e-3, 0.2 } };
}

} // namespace

TEST(ComparisonView, NormalisesToTheBaselineAndTakesTheGeomean)
{
    ComparisonView view;
    view.setResults(twoModels());
    view.setBaseline("Edge TPU");
    EXPECT_DOUBLE_EQ(*view.normalized("Mensa", "A", ComparisonMetric::Throughput), 4.0);
    EXPECT_DOUBLE_EQ(*view.normalized("Mensa", "B", ComparisonMetric::EnergyEfficiency), 4.0);
    EXPECT_DOUBLE_EQ(*view.normalized("Edge TPU", "B", ComparisonMetric::Utilization), 1.0);
    EXPECT_NEAR(*view.geomean("Mensa", ComparisonMetric::Throughput), std::sqrt(4.0 * 2.0), 1e-12);
    EXPECT_NEAR(
        *view.geomean("Mensa", ComparisonMetric::EnergyEfficiency), std::sqrt(2.0 * 4.0), 1e-12);
    EXPECT_FALSE(view.normalized("Mensa", "C", ComparisonMetric::Throughput).has_value());

    view.setBaseline("Mensa");
    EXPECT_DOUBLE_EQ(*view.normalized("Edge TPU", "A", ComparisonMetric::Throughput), 0.25);
}

TEST(ComparisonView, DrawsThreePanelsOfGroupedBarsPlusGeomean)
{
    ComparisonView view;
    view.setResults(samples::comparison());
    view.setBaseline("Edge TPU");
    EXPECT_EQ(view.plot()->axisRectCount(), 3);
    // 3 metrics x 3 designs x (4 models + geomean)
    EXPECT_EQ(view.markCount(), 3 * 3 * 5);
    auto* ticker = dynamic_cast<QCPAxisTickerText*>(
        view.plot()->axisRect(2)->axis(QCPAxis::atBottom)->ticker().data());
    ASSERT_NE(ticker, nullptr);
    EXPECT_EQ(ticker->ticks().value(4), "GMean");
    EXPECT_EQ(view.plot()->axisRect(0)->axis(QCPAxis::atLeft)->label(),
        QString::fromUtf8("Throughput (× Edge TPU)"));
    EXPECT_EQ(view.plot()->axisRect(2)->axis(QCPAxis::atLeft)->label(), "Utilization (%)");
    EXPECT_GT(test::inkShare(test::renderImage(view)), 0.05);

    view.setMetrics({ ComparisonMetric::EnergyEfficiency });
    EXPECT_EQ(view.plot()->axisRectCount(), 1);
    EXPECT_EQ(view.markCount(), 3 * 5);
}

TEST(ComparisonView, WideShortDockPutsThePanelsSideBySide)
{
    ComparisonView view;
    view.setResults(samples::comparison());
    view.resize(1400, 260);
    view.show();
    EXPECT_EQ(view.arrangement(), Qt::Horizontal);
    ASSERT_EQ(view.plot()->axisRectCount(), 3);
    EXPECT_EQ(view.markCount(), 3 * 3 * 5);
    QCPAxisRect* first = view.plot()->axisRect(0);
    QCPAxisRect* last = view.plot()->axisRect(2);
    EXPECT_LT(first->outerRect().right(), last->outerRect().left());
    EXPECT_TRUE(first->axis(QCPAxis::atBottom)->tickLabels())
        << "every side-by-side panel names its models";
    EXPECT_GT(view.defaultExportSize().width(), view.defaultExportSize().height());
    // Side by side the panels are short: each y label fits their height (the unit goes on a
    // second line), so "Energy efficiency (× Edge TPU)" is not cut at the top, down to the
    // 200 px the plot gets in the main window's bottom dock.
    view.plot()->resize(1400, 200);
    view.plot()->replot();
    ASSERT_EQ(view.arrangement(), Qt::Horizontal);
    for (int i = 0; i < 3; ++i) {
        QCPAxis* y = view.plot()->axisRect(i)->axis(QCPAxis::atLeft);
        const QRect text
            = QFontMetrics(y->labelFont()).boundingRect(QRect(), Qt::TextDontClip, y->label());
        EXPECT_LE(text.width(), view.plot()->axisRect(i)->outerRect().height())
            << y->label().toStdString();
    }

    view.resize(700, 600);
    EXPECT_EQ(view.arrangement(), Qt::Vertical);
    EXPECT_FALSE(view.plot()->axisRect(0)->axis(QCPAxis::atBottom)->tickLabels());
}

TEST(ComparisonView, PaperReferencesAppearOnlyForTheirBaseline)
{
    ComparisonView view;
    view.setResults(samples::comparison());
    view.setReferences(samples::paperReferences());
    view.setBaseline("Edge TPU");
    EXPECT_EQ(view.markCount(), 3 * 3 * 5 + 2); // throughput and energy efficiency vs Edge TPU
    bool legendHasReference = false;
    for (int i = 0; i < view.plot()->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view.plot()->legend->item(i)))
            legendHasReference |= item->plottable()->name().startsWith("paper-reported");
    EXPECT_TRUE(legendHasReference);
    EXPECT_TRUE(view.csv().contains("paper-reported,Mensa,Edge TPU,,,,3.1,,"));

    view.setBaseline("Eyeriss v2");
    EXPECT_EQ(view.markCount(), 3 * 3 * 5 + 2);
    view.setBaseline("Mensa");
    EXPECT_EQ(view.markCount(), 3 * 3 * 5);
}

TEST(ComparisonView, CsvHasRawAndNormalisedValues)
{
    ComparisonView view;
    view.setResults(twoModels());
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 1 + 4 + 2);
    // Numbers are exported exactly (shortest round-trip text), so ratios carry their last bits.
    const QStringList fields = lines[2].split(',');
    ASSERT_EQ(fields.size(), 9);
    EXPECT_EQ(fields.mid(0, 3).join(','), "A,Mensa,Edge TPU");
    const double expected[] = { 400, 0.001, 0.6, 4, 2, 3 };
    for (int i = 0; i < 6; ++i)
        EXPECT_NEAR(fields[3 + i].toDouble(), expected[i], 1e-12 * expected[i])
            << fields[3 + i].toStdString();
    EXPECT_TRUE(lines[6].startsWith("geomean,Mensa,Edge TPU,,,,"));
}

TEST(ComparisonView, SpecNamesAreShownAsDisplayNames)
{
    ComparisonView view;
    view.setResults({ { "edge_tpu", "A", 100, 2e-3, 0.2 }, { "mensa", "A", 300, 1e-3, 0.5 } });
    view.setReferences({ { "mensa", "edge_tpu", ComparisonMetric::Throughput, 3.1 } });
    view.setBaseline("edge_tpu");
    EXPECT_EQ(view.plot()->axisRect(0)->axis(QCPAxis::atLeft)->label(),
        QString::fromUtf8("Throughput (× Edge TPU)"));
    QStringList legend;
    for (int i = 0; i < view.plot()->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view.plot()->legend->item(i)))
            legend << item->plottable()->name();
    EXPECT_EQ(legend, (QStringList { "Edge TPU", "Mensa", "paper-reported (hatched)" }));
    EXPECT_EQ(view.markCount(), 3 * 2 * 2 + 1);
}

TEST(ComparisonView, NoteSaysWhyAModelIsBelowThePapersAverage)
{
    ComparisonView view;
    // A: a CNN at 4x throughput; B: a CNN at 2x, below the paper's 3.1x; C: an LSTM at 9x.
    view.setResults(
        { { "Edge TPU", "A", 100, 2e-3, 0.2, "CNN" }, { "Mensa", "A", 400, 1e-3, 0.6, "CNN" },
            { "Edge TPU", "B", 50, 4e-3, 0.1, "CNN" }, { "Mensa", "B", 100, 1e-3, 0.2, "CNN" },
            { "Edge TPU", "C", 10, 4e-3, 0.1, "LSTM" }, { "Mensa", "C", 90, 1e-3, 0.2, "LSTM" } });
    view.setBaseline("Edge TPU");
    EXPECT_TRUE(view.paperNote().isEmpty()); // no reference, no note
    view.setReferences({ { "Mensa", "Edge TPU", ComparisonMetric::Throughput, 3.1 } });
    const QString note = view.paperNote();
    EXPECT_TRUE(note.contains("Google's 24 edge models")) << note.toStdString();
    EXPECT_TRUE(note.contains("CNN 2.83x (2 models)")) << note.toStdString(); // sqrt(4 x 2)
    EXPECT_TRUE(note.contains("LSTM 9.00x (1 model)")) << note.toStdString();
    EXPECT_TRUE(note.contains("below the paper: B (CNN) 2.00x.")) << note.toStdString();
    EXPECT_TRUE(note.contains("CNN: most of a CNN's layers")) << note.toStdString();
    EXPECT_FALSE(note.contains("A (CNN)")) << note.toStdString();
    view.setBaseline("Mensa"); // the reference is against the Edge TPU only
    EXPECT_TRUE(view.paperNote().isEmpty());
}
