#include "ClusterView.h"
#include "FigureStyle.h"
#include "FigureTestSupport.h"
#include "SampleFigures.h"

#include <QTableWidget>

#include <gtest/gtest.h>

#include <numeric>

using namespace mensa::views;

TEST(ClusterView, CompositionSharesComeFromMembers)
{
    ClusterView view;
    const ClusterInput input = samples::clusters();
    view.setInput(input);
    ASSERT_EQ(view.shares().size(), 4u);
    for (const ModelShare& s : view.shares())
        EXPECT_NEAR(std::accumulate(s.shares.begin(), s.shares.end(), 0.0), 1.0, 1e-12);
    EXPECT_EQ(view.shares()[2].model, "Transducer-1");
    EXPECT_DOUBLE_EQ(view.shares()[2].shares[1], 1.0); // all LSTM / FC layers
}

TEST(ClusterView, PlotsCompositionAndSilhouettePanels)
{
    ClusterView view;
    const ClusterInput input = samples::clusters();
    view.setInput(input);
    EXPECT_EQ(view.plot()->axisRectCount(), 2);
    int compositionSegments = 0;
    for (const ModelShare& s : view.shares())
        for (double v : s.shares)
            compositionSegments += v > 0;
    EXPECT_EQ(view.markCount(), compositionSegments + static_cast<int>(input.members.size()));
    double mean = 0;
    for (const ClusterMember& m : input.members)
        mean += m.silhouette;
    EXPECT_NEAR(view.meanSilhouette(), mean / static_cast<double>(input.members.size()), 1e-12);
    const QImage image = test::renderImage(view);
    EXPECT_GT(test::inkShare(image), 0.1);
    EXPECT_GT(test::pixelsOfColour(image, FigureStyle::clusterColor(2)), 200);
}

TEST(ClusterView, TablesAndCsvListCentroidsAndMembers)
{
    ClusterView view;
    const ClusterInput input = samples::clusters();
    view.setInput(input);
    EXPECT_EQ(view.centroidTable()->rowCount(), 3);
    EXPECT_EQ(view.centroidTable()->columnCount(), 2 + 4);
    EXPECT_EQ(view.centroidTable()->item(1, 1)->text().toInt(),
        std::count_if(input.members.begin(), input.members.end(),
            [](const ClusterMember& m) { return m.cluster == 1; }));
    EXPECT_EQ(view.memberTable()->rowCount(), static_cast<int>(input.members.size()));
    const QStringList lines = view.csv().split('\n', Qt::SkipEmptyParts);
    EXPECT_EQ(lines.size(), 1 + static_cast<int>(input.members.size()));
    EXPECT_TRUE(lines[1].startsWith("CNN-3,0,conv1,0,Family 1 (compute-centric),"));
    EXPECT_TRUE(view.centroidsCsv().startsWith(
        "cluster,cluster_name,log10 MACs,log10 param bytes,FLOP/B,param reuse\n"
        "0,Family 1 (compute-centric),7.6,4.6,180,820\n"));
}

TEST(ClusterView, HighlightMarksMembersInTheSilhouettePlot)
{
    ClusterView view;
    view.setInput(samples::clusters());
    const int before = view.plot()->plottableCount();
    view.setHighlightedLayers(
        { { samples::modelKey("LSTM-2"), 1 }, { samples::modelKey("LSTM-2"), 2 } });
    ASSERT_EQ(view.plot()->plottableCount(), before + 1);
    auto* marks = qobject_cast<QCPGraph*>(view.plot()->plottable(before));
    ASSERT_NE(marks, nullptr);
    EXPECT_EQ(marks->dataCount(), 2);
}
