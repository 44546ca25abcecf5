// The main views rendered offscreen show their content: rows, marks and highlights.
#include "TestEngine.h"

#include "LayerTableView.h"
#include "ModelGraphView.h"
#include "ScatterPlotView.h"

#include <QCoreApplication>
#include <QTableView>

#include <qcustomplot.h>

#include <cmath>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

TEST(ViewRender, GraphDrawsOneBoxPerLayerInItsColourAndRingsTheSelection)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(800, 900);
    auto a = analyseSynthetic(40);
    std::vector<QColor> colors;
    for (size_t i = 0; i < a->model->layers.size(); ++i)
        colors.push_back(okabeIto(static_cast<int>(a->model->layers[i].kind)));
    view.setLayerColors(colors);
    view.setAnalysis(1, a);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    selection.select({ 1, 8 });
    view.show();
    QCoreApplication::processEvents();
    const GraphDescription& d = view.description();
    ASSERT_EQ(d.nodes.size(), a->model->layers.size()); // a small model shows every layer
    for (size_t i = 0; i < d.nodes.size(); ++i)
        EXPECT_TRUE(d.nodes[i].label.contains(QString::fromStdString(a->model->layers[i].name)))
            << d.nodes[i].label.toStdString();
    EXPECT_TRUE(view.isNodeHighlighted(d.nodeOfLayer[8]));
    EXPECT_FALSE(view.isNodeHighlighted(d.nodeOfLayer[7]));

    GraphCanvas* canvas = view.canvas();
    const QImage image = canvas->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    maybeSnapshot(image, "graph");
    // Every box on screen is filled with its layer's colour just inside its corner.
    int checked = 0;
    for (size_t layer = 0; layer < a->model->layers.size(); ++layer) {
        const QRect box = canvas->mapFromScene(view.nodeRect(d.nodeOfLayer[layer])).boundingRect();
        const QPoint inside = box.topLeft() + QPoint(6, 6);
        if (!image.rect().contains(box) || layer == 8)
            continue;
        EXPECT_EQ(image.pixelColor(inside).rgb(), colors[layer].rgb()) << "layer " << layer;
        ++checked;
    }
    EXPECT_GE(checked, 5);
    // The selected box has the selection's red border on its left edge.
    const QRect selected = canvas->mapFromScene(view.nodeRect(d.nodeOfLayer[8])).boundingRect();
    ASSERT_TRUE(image.rect().contains(selected));
    bool red = false;
    for (int dx = -2; dx <= 2; ++dx) {
        const QColor c = image.pixelColor(selected.left() + dx, selected.center().y());
        red = red || (c.red() > 150 && c.green() < 60 && c.blue() < 90);
    }
    EXPECT_TRUE(red);
}

// A layer picked before the graph is laid out (a reopened project) or before a new layout (a
// graph option changed) is scrolled into view when the layout lands; the view used to open at
// the top of a tall graph, far from the highlighted box.
TEST(ViewRender, ANewLayoutKeepsTheCurrentLayerInView)
{
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(500, 400);
    view.show();
    auto a = analyseSynthetic(120);
    const int last = static_cast<int>(a->model->layers.size()) - 1;
    selection.select({ 1, last });
    auto visible = [&] {
        const QRect box
            = view.canvas()
                  ->mapFromScene(view.nodeRect(view.description().nodeOfLayer[size_t(last)]))
                  .boundingRect();
        return view.canvas()->viewport()->rect().contains(box);
    };
    view.setAnalysis(1, a);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    QCoreApplication::processEvents();
    EXPECT_TRUE(visible());
    GraphOptions options = view.options();
    options.foldChains = !options.foldChains;
    view.setOptions(options);
    ASSERT_TRUE(waitFor([&] { return !view.isLayoutPending(); }));
    QCoreApplication::processEvents();
    EXPECT_TRUE(visible());
}

TEST(ViewRender, TableShowsOneRowPerLayerAndHighlightsTheSelectedOne)
{
    LayerSelection selection;
    LayerTableView view(&selection);
    view.resize(900, 500);
    auto a = analyseSynthetic(40);
    view.setAnalysis(1, a);
    view.setDesign("mensa");
    selection.select({ 1, 3 });
    view.show();
    QTableView* table = view.findChild<QTableView*>();
    ASSERT_NE(table, nullptr);
    QAbstractItemModel* rows = table->model();
    ASSERT_EQ(rows->rowCount(), static_cast<int>(a->model->layers.size()));
    for (int r = 0; r < rows->rowCount(); ++r)
        EXPECT_EQ(rows->index(r, 1).data().toString().toStdString(), a->model->layers[r].name);
    EXPECT_EQ(rows->headerData(1, Qt::Horizontal).toString().toStdString(), "Name");

    const QImage image = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
    maybeSnapshot(image, "table");
    const QColor highlight = table->palette().color(QPalette::Active, QPalette::Highlight);
    const QRect selected = table->visualRect(rows->index(3, 0));
    const QRect other = table->visualRect(rows->index(5, 0));
    ASSERT_TRUE(selected.isValid() && other.isValid());
    const QPoint offset = table->viewport()->mapTo(&view, QPoint(0, 0));
    EXPECT_EQ(image.pixelColor(selected.topLeft() + offset + QPoint(2, 2)), highlight);
    EXPECT_NE(image.pixelColor(other.topLeft() + offset + QPoint(2, 2)), highlight);
}

TEST(ViewRender, ScatterRingsTheSelectedLayers)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    view.resize(800, 550);
    auto a = analyseSynthetic(64);
    view.setColorBy(ColorBy::Kind);
    view.setSources({ { 1, a, "synthetic" } });
    view.setAxes("macs", "paramBytes", true, true);
    selection.setLayers({ { 1, 0 }, { 1, 5 } });
    view.show();
    QCoreApplication::processEvents();
    view.plot()->replot();
    const QImage image = view.plot()->toPixmap().toImage().convertToFormat(QImage::Format_RGB32);
    maybeSnapshot(image, "scatter_widget");
    for (int layer : { 0, 5 }) {
        const auto& m = a->model->layers[layer].metrics;
        ASSERT_GT(m.macs * m.paramBytes, 0) << "layer " << layer << " must be on the log plot";
        const QPointF centre(view.plot()->xAxis->coordToPixel(double(m.macs)),
            view.plot()->yAxis->coordToPixel(double(m.paramBytes)));
        // The ring (11 px across, 2.5 px black pen) passes about 5 px from the centre.
        int dark = 0;
        for (int angle = 0; angle < 360; angle += 30) {
            const double rad = angle * 3.14159265 / 180.0;
            const QPoint p = (centre + 5.0 * QPointF(std::cos(rad), std::sin(rad))).toPoint();
            dark += qGray(image.pixel(p)) < 60;
        }
        EXPECT_GE(dark, 9) << "ring around layer " << layer;
    }
}
