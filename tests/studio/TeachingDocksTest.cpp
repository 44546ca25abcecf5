// The teaching aids of the main window: the guided tour raises real docks, Help > Glossary
// shows the glossary, the graph has a legend, and the explain dock follows the selection.
#include "TeachingDocks.h"
#include "CliRunner.h"
#include "ColorLegend.h"
#include "GuidedTour.h"
#include "LayerExplanationView.h"
#include "MainWindow.h"
#include "ScratchSettings.h"
#include "StudioWindowFixture.h"
#include "model/GraphBuilder.h"
#include "session/CoreAnalysisEngine.h"

#include <QAction>
#include <QDialog>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

#include <algorithm>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

class TeachingDocksTest : public mensa::test::StudioWindowFixture {
protected:
    TeachingDocksTest()
        : StudioWindowFixture("mensa_teaching_test", 1200, 800)
    {
    }
    void openTeachingModel()
    {
        mensa::GraphBuilder g("teaching_cnn");
        auto x = g.input("image", { 1, 16, 32, 32 });
        x = g.relu(g.conv(x, 32, 3, 2));
        x = g.depthwiseConv(x, 3);
        g.output(g.gemm(g.flatten(g.globalAvgPool(g.conv(x, 64, 1))), 10));
        const fs::path path = m_dir / "teaching_cnn.onnx";
        std::ofstream(path, std::ios::binary) << g.serialize(mensa::WeightStorage::GraphInputs);
        m_window->openPaths({ QString::fromStdString(path.string()) });
        ASSERT_TRUE(settle());
    }
    bool settle()
    {
        return QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000);
    }
    QAction* helpAction(const QString& text) const
    {
        for (QMenu* menu : m_window->menuBar()->findChildren<QMenu*>())
            if (menu->title().remove('&') == "Help")
                for (QAction* a : menu->actions())
                    if (a->text().remove('&') == text)
                        return a;
        return nullptr;
    }
};

} // namespace

TEST_F(TeachingDocksTest, EveryTourStepRaisesAnExistingDock)
{
    openTeachingModel();
    QAction* tour = helpAction("Guided Tour");
    ASSERT_TRUE(tour);
    tour->trigger();
    mensa::GuidedTour* t = m_window->teaching()->tour();
    ASSERT_TRUE(t->messageBox() && t->messageBox()->isVisible());
    std::set<QString> docks;
    for (size_t i = 0; i < mensa::GuidedTour::steps().size(); ++i) {
        const auto& step = mensa::GuidedTour::steps()[i];
        auto* dock = m_window->findChild<QDockWidget*>(step.dock);
        ASSERT_TRUE(dock) << "step " << i << " names no dock: " << step.dock.toStdString();
        ASSERT_TRUE(t->showStep(int(i)));
        EXPECT_TRUE(dock->isVisible()) << step.dock.toStdString();
        EXPECT_TRUE(t->messageBox()->text().contains(step.title)) << step.dock.toStdString();
        EXPECT_FALSE(step.message.isEmpty());
        docks.insert(step.dock);
    }
    EXPECT_EQ(docks.size(), mensa::GuidedTour::steps().size()); // no dock twice
    EXPECT_FALSE(t->showStep(int(mensa::GuidedTour::steps().size())));
    // The explain step picked a layer to explain: the depthwise convolution.
    const auto& e = m_window->teaching()->explanationView()->explanation();
    EXPECT_NE(e.title.find("DepthwiseConv"), std::string::npos) << e.title;
}

TEST_F(TeachingDocksTest, HelpGlossaryShowsTheGlossaryAndTheFamilies)
{
    openTeachingModel();
    QAction* glossary = helpAction("Glossary");
    ASSERT_TRUE(glossary);
    glossary->trigger();
    QDialog* dialog = m_window->teaching()->glossaryDialog();
    ASSERT_TRUE(dialog && dialog->isVisible());
    const QString text = dialog->findChild<QTextBrowser*>()->toPlainText();
    EXPECT_TRUE(text.contains("MACs per step"));
    EXPECT_TRUE(text.contains("Spatial utilization"));
    EXPECT_TRUE(text.contains("Family 1"));
    EXPECT_TRUE(text.contains("compute-centric"));
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty())
        dialog->grab().save(dir + "/glossary.png");
}

TEST_F(TeachingDocksTest, GraphLegendNamesTheKindsOfTheModelOnScreen)
{
    openTeachingModel();
    m_window->setColorBy(mensa::ColorBy::Kind);
    const mensa::views::ColorLegend* legend = m_window->teaching()->legend();
    ASSERT_TRUE(legend->isVisible());
    const QStringList names = legend->shownNames();
    EXPECT_TRUE(names.contains("Conv")) << names.join(",").toStdString();
    EXPECT_TRUE(names.contains("DepthwiseConv")) << names.join(",").toStdString();
    EXPECT_FALSE(names.contains("LSTM")); // only the kinds this model has
    EXPECT_TRUE(legend->text().contains("Layer kind"));
}

TEST_F(TeachingDocksTest, TourRunsOnTheDefaultModelAndExplainsADepthwiseLayer)
{
    m_window->teaching()->tour()->start(); // no model open: the tour opens the sample
    ASSERT_FALSE(m_window->session()->modelIds().empty());
    ASSERT_TRUE(settle());
    EXPECT_EQ(m_window->session()->modelName(m_window->currentModel()), "mobilenet_v2");
    const auto& steps = mensa::GuidedTour::steps();
    const auto explain = std::find_if(steps.begin(), steps.end(),
        [](const mensa::GuidedTour::Step& s) { return s.dock == "explainDock"; });
    ASSERT_NE(explain, steps.end());
    m_window->teaching()->tour()->showStep(int(explain - steps.begin()));
    const auto* view = m_window->teaching()->explanationView();
    EXPECT_NE(view->explanation().title.find("DepthwiseConv"), std::string::npos);
    EXPECT_TRUE(view->plainText().contains("Mapping"));
    EXPECT_TRUE(view->plainText().contains("Memory levels")) << view->plainText().toStdString();
    EXPECT_TRUE(view->plainText().contains("PE registers: ")) << view->plainText().toStdString();
    EXPECT_TRUE(view->isVisible());
    // Set MENSA_TEST_SCREENSHOT_DIR to look at the window as the tour shows it.
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QTest::qWait(200);
        m_window->grab().save(dir + "/tour_explain.png");
        m_window->teaching()->tour()->messageBox()->grab().save(dir + "/tour_box.png");
    }
}

// The explanation names the mapping the objective chose among the layer's legal ones, and
// follows the objective when the user changes it: ResNet-50's first conv on Eyeriss v2 has
// several PE-set shapes worth costing, and latency and energy take different ones.
TEST_F(TeachingDocksTest, ExplainShowsTheMappingTheObjectiveChose)
{
    const fs::path model = mensa::test::sourceDir() / "sample_models" / "resnet50.onnx";
    m_window->openPaths({ QString::fromStdString(model.string()) });
    ASSERT_TRUE(settle());
    m_window->setCurrentDesign("eyeriss_v2");
    m_window->setObjective("latency");
    ASSERT_TRUE(settle());
    m_window->selection()->select({ m_window->currentModel(), 0 });
    const auto* view = m_window->teaching()->explanationView();
    ASSERT_TRUE(QTest::qWaitFor([&] { return view->plainText().contains("Chosen for latency"); }))
        << view->plainText().toStdString();
    const double latencyCandidates = view->explanation().numbers.at("folds.mappingCandidates");
    EXPECT_GE(latencyCandidates, 2);
    EXPECT_TRUE(view->plainText().contains("PE-set shapes that no other beats"));
    const double latencySets = view->explanation().numbers.at("folds.setsPerPass");

    m_window->setObjective("energy");
    ASSERT_TRUE(settle());
    m_window->selection()->select({ m_window->currentModel(), 0 });
    ASSERT_TRUE(QTest::qWaitFor([&] { return view->plainText().contains("Chosen for energy"); }))
        << view->plainText().toStdString();
    EXPECT_NE(view->explanation().numbers.at("folds.setsPerPass"), latencySets)
        << view->plainText().toStdString();
    // Further in, a layer whose weights and activations both overflow the chip: the panel names
    // the DRAM loop order the objective took and the tile counts.
    bool tiled = false;
    for (int k = 1; k < 40 && !tiled; ++k) {
        m_window->selection()->select({ m_window->currentModel(), k });
        tiled = view->plainText().contains(" outer, so ");
    }
    ASSERT_TRUE(tiled) << view->plainText().toStdString();
    EXPECT_GT(view->explanation().numbers.at("folds.weightTiles"), 1);
    EXPECT_GT(view->explanation().numbers.at("folds.activationTiles"), 1);
    EXPECT_TRUE(view->plainText().contains("for energy over the other order")
        || view->plainText().contains("the other order moves no fewer"))
        << view->plainText().toStdString();
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty()) {
        m_window->findChild<QDockWidget*>("explainDock")->raise();
        QTest::qWait(200);
        m_window->grab().save(dir + "/explain_mapping_choice.png");
    }
}
