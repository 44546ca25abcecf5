// Every main view rendered offscreen must show something (not a blank widget).
#include "TestEngine.h"

#include "LayerTableView.h"
#include "ModelGraphView.h"
#include "ScatterPlotView.h"

#include <QTableView>

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::test;

TEST(ViewRender, GraphViewIsNotBlank)
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
    QImage image = view.grab().toImage();
    maybeSnapshot(image, "graph");
    EXPECT_GT(nonBackgroundPixels(image), 20000);
}

TEST(ViewRender, TableViewIsNotBlank)
{
    LayerSelection selection;
    LayerTableView view(&selection);
    view.resize(900, 500);
    view.setAnalysis(1, analyseSynthetic(40));
    view.setDesign("mensa");
    selection.select({ 1, 3 });
    view.show();
    QImage image = view.grab().toImage();
    maybeSnapshot(image, "table");
    EXPECT_GT(nonBackgroundPixels(image), 10000);
}

TEST(ViewRender, ScatterViewIsNotBlank)
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    view.resize(800, 550);
    view.setColorBy(ColorBy::Kind);
    view.setSources({ { 1, analyseSynthetic(64), "synthetic" } });
    selection.setLayers({ { 1, 0 }, { 1, 5 } });
    view.show();
    QImage image = view.grab().toImage();
    maybeSnapshot(image, "scatter_widget");
    EXPECT_GT(nonBackgroundPixels(image), 10000);
}
