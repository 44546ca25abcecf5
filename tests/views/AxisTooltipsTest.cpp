// Plot axes carry their glossary entry: the scatter's axes follow the chosen fields, the
// figure views name theirs, and hovering an axis shows the entry.
#include "AxisTooltips.h"
#include "GanttView.h"
#include "GlossaryText.h"
#include "RooflineView.h"
#include "SampleFigures.h"
#include "ScatterPlotView.h"
#include "TestEngine.h"

#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>
#include <qcustomplot.h>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

TEST(AxisTooltips, ScatterAxesShowTheGlossaryEntryOfTheirField)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    view.resize(700, 500);
    view.show();
    view.setSources({ { 1, analyseSynthetic(20), "synthetic" } });
    view.setAxes("macsPerStep", "flopPerByte", true, true);
    EXPECT_EQ(views::AxisTooltips::keyOf(view.plot()->xAxis), "macsPerStep");
    EXPECT_EQ(views::AxisTooltips::keyOf(view.plot()->yAxis), "flopPerByte");
    const QString tip = views::AxisTooltips::tooltipOf(view.plot()->yAxis);
    EXPECT_FALSE(tip.isEmpty());
    EXPECT_EQ(tip, views::glossaryTooltip("flopPerByte"));

    // Hovering the x axis label shows its entry.
    view.plot()->replot();
    const QRect rect = view.plot()->axisRect()->rect();
    const QPoint onAxis(rect.center().x(), rect.bottom() + 4);
    QHelpEvent help(QEvent::ToolTip, onAxis, view.plot()->mapToGlobal(onAxis));
    QApplication::sendEvent(view.plot(), &help);
    EXPECT_TRUE(QToolTip::isVisible());
    EXPECT_TRUE(QToolTip::text().contains("MACs per step")) << QToolTip::text().toStdString();
    QToolTip::hideText();
}

TEST(AxisTooltips, FigureViewsNameTheirAxes)
{
    views::RooflineView roofline;
    roofline.setData(views::samples::rooflineAccelerators(), views::samples::rooflinePoints());
    EXPECT_FALSE(views::AxisTooltips::tooltipOf(roofline.plot()->xAxis).isEmpty());
    EXPECT_FALSE(views::AxisTooltips::tooltipOf(roofline.plot()->yAxis).isEmpty());
    views::GanttView gantt;
    gantt.setInput(views::samples::gantt(views::samples::models().front()));
    EXPECT_FALSE(views::AxisTooltips::tooltipOf(gantt.plot()->xAxis).isEmpty());
}
