// The main window as everyone meets it: it fits a 1024x768 screen, a long message does not
// widen it, File > Open shows the model it opened, and cross-model figures and exports wait
// for (or say they lack) models still being analysed.
#include "GanttView.h"
#include "InputShapesDialog.h"
#include "MainWindow.h"
#include "ModelGraphView.h"
#include "ScratchSettings.h"
#include "StudioWindowFixture.h"
#include "model/GraphBuilder.h"
#include "session/CoreAnalysisEngine.h"

#include <onnx/onnx_pb.h>

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

class StudioWindowTest : public mensa::test::StudioWindowFixture {
protected:
    StudioWindowTest()
        : StudioWindowFixture("mensa_studio_window")
    {
    }
    QString writeModel(const std::string& name)
    {
        mensa::GraphBuilder g(name);
        auto x = g.input("image", { 1, 3, 32, 32 });
        x = g.relu(g.conv(x, 16, 3, 2));
        g.output(g.gemm(g.flatten(g.globalAvgPool(g.conv(x, 32, 3))), 10));
        const fs::path path = m_dir / (name + ".onnx");
        std::ofstream(path, std::ios::binary) << g.serialize(mensa::WeightStorage::GraphInputs);
        return QString::fromStdString(path.string());
    }
    bool settle()
    {
        return QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000);
    }
    QList<QLabel*> analysedNotices() const
    {
        return m_window->findChildren<QLabel*>("analysedNotice");
    }
};

// The window at the size the app opens with (1500 x 950).
class DefaultSizeWindowTest : public mensa::test::StudioWindowFixture {
protected:
    DefaultSizeWindowTest()
        : StudioWindowFixture("mensa_studio_default_size", 1500, 950)
    {
    }
};

} // namespace

// The Designs dock grows to show its whole text (every design's row and the residency lines)
// when the first analysis fills it, as far as the docks below it and 35% of the window allow; it
// stayed at 18%, which hid the third built-in design behind a scroll bar.
TEST_F(DefaultSizeWindowTest, TheDesignsDockGrowsToShowItsTable)
{
    auto* dock = m_window->findChild<QDockWidget*>("designsDock");
    ASSERT_NE(dock, nullptr);
    const int before = dock->height();
    mensa::GraphBuilder g("small");
    g.output(g.gemm(g.flatten(g.globalAvgPool(g.conv(g.input("x", { 1, 3, 32, 32 }), 16, 3))), 10));
    const fs::path path = m_dir / "small.onnx";
    std::ofstream(path, std::ios::binary) << g.serialize(mensa::WeightStorage::GraphInputs);
    m_window->openPaths({ QString::fromStdString(path.string()) });
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000));
    // The dock grows in a few steps, each after the last is laid out: wait until it settles.
    for (int last = -1, tries = 0; dock->height() != last && tries < 20; ++tries) {
        last = dock->height();
        QTest::qWait(100);
    }
    auto* area = qobject_cast<QScrollArea*>(dock->widget());
    ASSERT_NE(area, nullptr);
    const int needed = area->widget()->heightForWidth(area->viewport()->width());
    const int grown = dock->height();
    EXPECT_GT(grown, before + 40);
    EXPECT_LE(grown, m_window->height() * 35 / 100 + 2);
    if (area->viewport()->height() + 3 < needed && grown < m_window->height() * 35 / 100 - 2) {
        // Not all shown (more than the label's bottom margin cut): then the layout has no more
        // room to give it.
        m_window->resizeDocks({ dock }, { grown + 50 }, Qt::Vertical);
        QApplication::processEvents();
        EXPECT_LE(dock->height(), grown + 1) << "the dock could have grown further";
    }
    EXPECT_EQ(m_window->size(), QSize(1500, 950)) << "the window kept its size";
}

TEST_F(StudioWindowTest, FitsA1024x768ScreenWithEveryDockVisible)
{
    m_window->openPaths({ writeModel("small") });
    ASSERT_TRUE(settle());
    QApplication::processEvents();
    const QList<QDockWidget*> docks = m_window->findChildren<QDockWidget*>();
    ASSERT_GE(docks.size(), 8);
    for (QDockWidget* dock : docks) { // shown, or a tab of a shown tab group
        EXPECT_TRUE(dock->toggleViewAction()->isChecked()) << dock->windowTitle().toStdString();
        EXPECT_FALSE(dock->isFloating()) << dock->windowTitle().toStdString();
        // A tab behind another is parked outside the window, not drawn.
        if (dock->isVisible() && dock->geometry().intersects(m_window->rect())) {
            EXPECT_GE(dock->width(), 150) << dock->windowTitle().toStdString();
            EXPECT_GE(dock->height(), 80) << dock->windowTitle().toStdString();
        }
    }
    const QSize hint = m_window->minimumSizeHint();
    EXPECT_LE(hint.width(), 1024);
    EXPECT_LE(hint.height(), 768);
    EXPECT_LE(m_window->minimumSize().width(), 1024);
    EXPECT_LE(m_window->minimumSize().height(), 768);
    EXPECT_EQ(m_window->size(), QSize(1024, 768)) << "the window took the size it was given";
}

TEST_F(StudioWindowTest, ALongDesignErrorDoesNotWidenTheWindow)
{
    m_window->openPaths({ writeModel("small") });
    ASSERT_TRUE(settle());
    QApplication::processEvents();
    const int width = m_window->width();
    const QString longPath
        = QDir::tempPath() + "/" + QString("no_such_accelerator_spec_").repeated(12) + ".yaml";
    m_window->session()->setDesigns({ "edge_tpu", longPath });
    ASSERT_TRUE(settle());
    QApplication::processEvents();
    auto* designs = m_window->findChild<QDockWidget*>("designsDock");
    ASSERT_NE(designs, nullptr);
    ASSERT_TRUE(designs->findChild<QLabel*>() != nullptr);
    bool shown = false;
    for (QLabel* label : designs->findChildren<QLabel*>())
        shown |= label->text().contains("no_such_accelerator_spec_");
    EXPECT_TRUE(shown) << "the error is in the Designs table";
    EXPECT_LE(m_window->width(), width);
    EXPECT_LE(m_window->minimumSizeHint().width(), 1024);
}

TEST_F(StudioWindowTest, OpenShowsTheModelItOpened)
{
    m_window->openPaths({ writeModel("first") });
    ASSERT_TRUE(settle());
    const int first = m_window->currentModel();
    m_window->openPaths({ writeModel("second") });
    const std::vector<int> ids = m_window->session()->modelIds();
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_NE(m_window->currentModel(), first);
    EXPECT_EQ(m_window->currentModel(), ids.back());
    ASSERT_TRUE(settle());
    EXPECT_TRUE(m_window->windowTitle().startsWith("second"))
        << m_window->windowTitle().toStdString();
}

TEST_F(StudioWindowTest, CrossModelFiguresSayHowManyModelsAreAnalysed)
{
    m_window->openPaths({ writeModel("first"), writeModel("second"), writeModel("third") });
    // No analysis has reached the GUI thread yet (results arrive through the event loop).
    const QList<QLabel*> notices = analysedNotices();
    ASSERT_EQ(notices.size(), 2) << "the comparison and the clusters";
    for (QLabel* notice : notices) {
        EXPECT_FALSE(notice->isHidden());
        EXPECT_TRUE(notice->text().contains("0 of 3 models analysed"))
            << notice->text().toStdString();
    }
    ASSERT_TRUE(settle());
    QApplication::processEvents();
    for (QLabel* notice : analysedNotices())
        EXPECT_TRUE(notice->isHidden()) << notice->text().toStdString();
}

TEST_F(StudioWindowTest, ExportWaitsUntilEveryOpenModelIsAnalysed)
{
    m_window->openPaths({ writeModel("first"), writeModel("second") });
    const QString refused
        = m_window->exportFiguresTo(QString::fromStdString((m_dir / "early").string()));
    EXPECT_TRUE(refused.contains("0 of 2 models analysed")) << refused.toStdString();
    EXPECT_FALSE(fs::exists(m_dir / "early") && !fs::is_empty(m_dir / "early"));

    const fs::path out = m_dir / "figures";
    QSignalSpy done(m_window.get(), &mensa::MainWindow::figuresExported);
    m_window->exportFiguresWhenAnalysed(QString::fromStdString(out.string()));
    ASSERT_TRUE(done.wait(60000) || done.count() == 1);
    EXPECT_TRUE(done.front().at(1).toString().isEmpty())
        << done.front().at(1).toString().toStdString();
    bool first = false, second = false;
    for (const auto& entry : fs::directory_iterator(out)) {
        const std::string name = entry.path().filename().string();
        first |= name.find("first") != std::string::npos;
        second |= name.find("second") != std::string::npos;
    }
    EXPECT_TRUE(first);
    EXPECT_TRUE(second);
}

TEST_F(StudioWindowTest, AModelThatFailsToOpenLeavesNoStaleNotice)
{
    const fs::path corrupt = m_dir / "corrupt.onnx";
    std::ofstream(corrupt, std::ios::binary) << std::string("\x08\x07\x12\xff\xff garbage", 14);
    m_window->openPaths({ writeModel("good"), QString::fromStdString(corrupt.string()) });
    EXPECT_TRUE(analysedNotices().front()->text().contains("0 of 2 models analysed"));
    ASSERT_TRUE(settle());
    QApplication::processEvents();
    ASSERT_EQ(m_window->session()->modelIds().size(), 1u);
    for (QLabel* notice : analysedNotices())
        EXPECT_TRUE(notice->isHidden()) << notice->text().toStdString();
}

TEST_F(StudioWindowTest, AClickOnEmptyScheduleSpaceClearsTheSelection)
{
    m_window->openPaths({ writeModel("small") });
    ASSERT_TRUE(settle());
    const int model = m_window->currentModel();
    m_window->selection()->select({ model, 1 });
    ASSERT_FALSE(m_window->selection()->isEmpty());
    auto* gantt = m_window->findChild<mensa::views::GanttView*>();
    ASSERT_NE(gantt, nullptr);
    emit gantt->emptySpaceClicked(); // what GanttView sends for a click off every bar
    EXPECT_TRUE(m_window->selection()->isEmpty());
}

// PaddleOCR-like input x [batch, 3, 16, width]: the shape dialog opens first, asks for the
// width (batch suggested as 1), and the model opens with the shape given.
TEST_F(StudioWindowTest, AModelWithOpenInputSizesOpensThroughTheShapeDialog)
{
    mensa::GraphBuilder g("ocr");
    g.output(g.relu(g.conv(g.input("x", { 1, 3, 16, 64 }), 8, 3)));
    onnx::ModelProto proto = g.build(mensa::WeightStorage::Values);
    auto* shape = proto.mutable_graph()
                      ->mutable_input(0)
                      ->mutable_type()
                      ->mutable_tensor_type()
                      ->mutable_shape();
    shape->mutable_dim(0)->set_dim_param("p2o.DynamicDimension.0");
    shape->mutable_dim(3)->set_dim_param("p2o.DynamicDimension.1");
    for (auto& out : *proto.mutable_graph()->mutable_output())
        out.mutable_type()->mutable_tensor_type()->clear_shape();
    const fs::path path = m_dir / "ocr.onnx";
    std::ofstream(path, std::ios::binary) << proto.SerializeAsString();

    m_window->openPaths({ QString::fromStdString(path.string()) });
    auto* dialog = m_window->findChild<mensa::InputShapesDialog*>();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(m_window->session()->modelIds().empty()); // nothing opens before the answer
    auto* table = dialog->findChild<QTableWidget*>();
    ASSERT_EQ(table->rowCount(), 1);
    EXPECT_EQ(table->item(0, 1)->text(), "1x3x16x"); // the width is the user's to give
    if (const char* shots = std::getenv("MENSA_TEST_SCREENSHOT_DIR")) // to look at the dialog
        dialog->grab().save(QString(shots) + "/shape_dialog.png");
    table->item(0, 1)->setText("1x3x16x96");
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    ASSERT_EQ(m_window->session()->modelIds().size(), 1u);
    ASSERT_TRUE(settle());
    const auto analysis = m_window->session()->analysis(m_window->session()->modelIds().front());
    ASSERT_TRUE(analysis);
    EXPECT_EQ(analysis->model->layers.front().nest.outW, 96);
}

namespace {

// Costs a design only once released: the window is caught between import and analysis.
class GatedEngine : public mensa::CoreAnalysisEngine {
public:
    mensa::DesignRun run(const mensa::Model& model, const mensa::AcceleratorSystem& system,
        const mensa::MappingPolicy& policy) const override
    {
        while (!released.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return CoreAnalysisEngine::run(model, system, policy);
    }
    mutable std::atomic<bool> released { false };
};

} // namespace

TEST_F(StudioWindowTest, TheGraphShowsAsSoonAsTheModelIsImported)
{
    auto engine = std::make_shared<GatedEngine>();
    m_window = std::make_unique<mensa::MainWindow>(engine);
    m_window->resize(1024, 768);
    m_window->show();
    m_window->openPaths({ writeModel("gated") });
    auto* graph = m_window->findChild<mensa::ModelGraphView*>();
    ASSERT_NE(graph, nullptr);
    // Laid out while every design is still waiting to be costed.
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return !graph->description().nodes.empty() && !graph->isLayoutPending(); }, 20000));
    const int id = m_window->session()->modelIds().front();
    EXPECT_EQ(m_window->session()->analysis(id), nullptr);
    EXPECT_EQ(
        graph->description().nodes.size(), m_window->session()->importedModel(id)->layers.size());
    engine->released = true;
    ASSERT_TRUE(settle());
    EXPECT_NE(m_window->session()->analysis(id), nullptr);
    EXPECT_EQ(m_window->session()->importedModel(id), m_window->session()->analysis(id)->model);
}

// A saved project reopens with the layers that were selected (by name, in the current model)
// and the one whose details were shown; names the model no longer has are dropped.
TEST_F(StudioWindowTest, AProjectReopensWithItsSelectedLayers)
{
    m_window->openPaths({ writeModel("picked") });
    ASSERT_TRUE(settle());
    const int model = m_window->currentModel();
    const auto imported = m_window->session()->importedModel(model);
    ASSERT_TRUE(imported && imported->layers.size() >= 3);
    m_window->selection()->setLayers({ { model, 0 }, { model, 2 } }, { model, 2 });
    const QString project = QString::fromStdString((m_dir / "picked.mensa").string());
    ASSERT_TRUE(m_window->saveProjectFile(project));

    auto reopened
        = std::make_unique<mensa::MainWindow>(std::make_shared<mensa::CoreAnalysisEngine>());
    reopened->resize(1024, 768);
    reopened->show();
    ASSERT_TRUE(reopened->loadProjectFile(project));
    ASSERT_TRUE(QTest::qWaitFor([&] { return reopened->isSettled(); }, 60000));
    const int again = reopened->currentModel();
    const QSet<mensa::LayerRef> expected { { again, 0 }, { again, 2 } };
    EXPECT_EQ(reopened->selection()->layers(), expected);
    EXPECT_EQ(reopened->selection()->current(), (mensa::LayerRef { again, 2 }));

    // A name the model does not have (the file changed since) is dropped, the rest kept.
    QFile file(project);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    const QString first = QString::fromStdString(imported->layers[0].name);
    ASSERT_TRUE(text.contains("\"" + first + "\""));
    text.replace("\"" + first + "\"", "\"no such layer\"");
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
    file.close();
    ASSERT_TRUE(reopened->loadProjectFile(project));
    ASSERT_TRUE(QTest::qWaitFor([&] { return reopened->isSettled(); }, 60000));
    const int third = reopened->currentModel();
    EXPECT_EQ(reopened->selection()->layers(), (QSet<mensa::LayerRef> { { third, 2 } }));
}
