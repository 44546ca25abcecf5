// The MAE figure on a hand-made report: every mapping and unit is drawn, and the best-MAEG line
// is a title above the plot, where it cannot cover a point (inside the plot it sat on the
// slowest unit's square, top right).
#include "MaeFigure.h"
#include "FigureTestSupport.h"

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::views;

namespace {

Mapping mapping(double latencyMs, double energyMj)
{
    Mapping m;
    m.latency = latencyMs * 1e-3;
    m.energy = energyMj * 1e-3;
    return m;
}

// Two units alone (fast gpu; slow, costly dla0 at the top right) and a three-mapping front.
MaeReport report()
{
    MaeReport r;
    r.baselines = { { "gpu", 0, 0, mapping(1.4, 0.89) },
        { "dla0 + gpu fallback (3 layers)", 1, 3, mapping(14.1, 1.28) } };
    r.front = { mapping(1.4, 0.82), mapping(1.9, 0.71), mapping(2.6, 0.68) };
    r.candidates = r.front;
    for (const MaeBaseline& b : r.baselines)
        r.candidates.push_back(b.mapping);
    for (int i = 0; i < 3; ++i) {
        MaeWeightPoint p;
        p.weight = i * 0.5;
        p.mappingIndex = 2 - i;
        p.baselineIndex = 0;
        p.maeg = i == 1 ? 0.086 : 0.05;
        r.sweep.push_back(p);
    }
    r.bestPoint = 1;
    return r;
}

} // namespace

TEST(MaeFigure, DrawsEveryMappingAndPutsTheMaegLineAboveThePlot)
{
    MaeFigure figure;
    figure.resize(900, 360);
    figure.setReport(report(), "mobilenet_v2");
    EXPECT_EQ(figure.markCount(), 3 + 2 + 3);
    EXPECT_EQ(figure.titleText(), "mobilenet_v2: MAEG 8.6% at w = 0.5 over gpu (paper: up to 28%)");
    QCustomPlot* plot = figure.plot();
    for (int i = 0; i < plot->itemCount(); ++i) { // only the units' labels are inside the plot
        if (auto* text = qobject_cast<QCPItemText*>(plot->item(i))) {
            EXPECT_EQ(text->text().indexOf("MAEG"), -1) << text->text().toStdString();
        }
    }
    const QImage image = test::renderImage(figure);
    QCPTextElement* title = nullptr;
    for (QCPLayoutElement* element : plot->plotLayout()->elements(true))
        if (auto* t = qobject_cast<QCPTextElement*>(element))
            title = t;
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->text(), figure.titleText());
    EXPECT_LE(title->outerRect().bottom(), plot->axisRect()->outerRect().top());
    EXPECT_GT(test::inkShare(image), 0.02);

    figure.setReport(MaeReport {}, "x", "the design has a single unit");
    EXPECT_FALSE(title->visible());
}
