#include "FigureExporter.h"
#include "FigureStyle.h"

#include <QTemporaryDir>
#include <QFile>
#include <qcustomplot.h>

#include <gtest/gtest.h>

using namespace mensa::views;

TEST(FigureExporter, ProbePdf)
{
    QCustomPlot plot;
    plot.addGraph()->setData({1, 2, 3}, {1, 4, 9});
    plot.rescaleAxes();
    FigureStyle::apply(&plot);
    QByteArray a = FigureExporter::renderPdf(&plot, "probe", {4, 3});
    QFile f("/tmp/plots_probe.pdf");
    f.open(QIODevice::WriteOnly);
    f.write(a);
}
