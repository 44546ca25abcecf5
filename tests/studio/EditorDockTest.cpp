// The accelerator editor dock in the main window: --raise finds it, a design saved as
// .textproto loads back the same, a project keeps its edited designs, and an edit redraws
// the views with the new numbers.
#include "EditorDock.h"
#include "AcceleratorEditor.h"
#include "MainWindow.h"
#include "ScratchSettings.h"
#include "SpecDiffView.h"
#include "SpecForm.h"
#include "StudioRunner.h"
#include "session/CoreAnalysisEngine.h"
#include "session/SyntheticModel.h"
#include "util/Error.h"

#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace mensa;

namespace {

class EditorDockTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("mensa_editor_dock_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
        test::useScratchSettings(m_dir);
        m_window = makeWindow();
    }
    void TearDown() override
    {
        m_window.reset();
        QSettings().clear();
        fs::remove_all(m_dir);
    }
    static std::unique_ptr<MainWindow> makeWindow()
    {
        auto w = std::make_unique<MainWindow>(std::make_shared<CoreAnalysisEngine>());
        w->resize(1024, 768);
        w->show();
        return w;
    }
    QString path(const std::string& name) const
    {
        return QString::fromStdString((m_dir / name).string());
    }
    views::AcceleratorEditor* editor() const { return m_window->editorDock()->editor(); }

    fs::path m_dir;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace

TEST_F(EditorDockTest, RaiseFindsTheAcceleratorEditor)
{
    EXPECT_EQ(raiseDock(m_window.get(), "Accelerator editor"), "");
    auto* dock = m_window->findChild<QDockWidget*>("editorDock");
    ASSERT_TRUE(dock);
    EXPECT_EQ(dock->windowTitle(), "Accelerator editor");
    EXPECT_TRUE(QTest::qWaitForWindowExposed(m_window.get()));
    EXPECT_TRUE(dock->isVisible());
    EXPECT_FALSE(raiseDock(m_window.get(), "Accelerator editors").isEmpty());
}

TEST_F(EditorDockTest, SavedSpecLoadsBackTheSame)
{
    const QString name = editor()->newFromPreset("eyeriss_v2");
    ASSERT_EQ(editor()->editField("clock_mhz", "333"), "");
    const QString file = path("mine.textproto");
    ASSERT_EQ(m_window->editorDock()->saveFile(name, file), "");
    QFile f(file);
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(f.readAll()), m_window->session()->designSpec(name));
    EXPECT_TRUE(QFile::exists(file));
    EXPECT_FALSE(QFile::exists(file + ".tmp"));

    ASSERT_EQ(m_window->editorDock()->loadFile(file), "");
    const QString loaded = editor()->currentDesign();
    EXPECT_EQ(loaded, name + "_2"); // its name is taken: made unique
    QString expected = m_window->session()->designSpec(name);
    expected.replace("name: \"" + name + "\"", "name: \"" + loaded + "\"");
    EXPECT_EQ(m_window->session()->designSpec(loaded), expected);

    // A file the validator refuses is not added; its message names the file.
    const QString bad = path("bad.textproto");
    QFile out(bad);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write("name: \"x\"\npe_rows: -3\n");
    out.close();
    const QString error = m_window->editorDock()->loadFile(bad);
    EXPECT_TRUE(error.startsWith(bad)) << error.toStdString();
    EXPECT_FALSE(m_window->session()->designs().contains("x"));
    EXPECT_THROW(writeSpecFile(path("no/such/dir/x.textproto"), "name: \"x\""), MensaError);
}

TEST_F(EditorDockTest, ProjectKeepsEditedDesigns)
{
    const QString name = editor()->newFromPreset("edge_tpu");
    ASSERT_EQ(editor()->editField("pe_cols", "32"), "");
    const QString text = m_window->session()->designSpec(name);
    const QString project = path("p.mensa");
    ASSERT_TRUE(m_window->saveProjectFile(project));

    auto reopened = makeWindow();
    ASSERT_TRUE(reopened->loadProjectFile(project));
    EXPECT_EQ(reopened->session()->designSpec(name), text);
    EXPECT_TRUE(reopened->session()->designs().contains(name));
    auto* again = reopened->editorDock()->editor();
    EXPECT_EQ(again->editedDesigns(), QStringList { name });
    EXPECT_EQ(again->currentDesign(), name);
    auto* cols = again->form()->findChild<QLineEdit*>("pe_cols");
    ASSERT_TRUE(cols);
    EXPECT_EQ(cols->text(), "32");
}

TEST_F(EditorDockTest, AnEditRedrawsTheViewsWithTheNewDesign)
{
    m_window->session()->addModel(std::make_shared<Model>(makeSyntheticModel(30)));
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000));
    QSignalSpy updated(m_window.get(), &MainWindow::viewsUpdated);
    const QString name = editor()->newFromPreset("edge_tpu");
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return updated.count() > 0 && m_window->isSettled(); }, 60000));
    auto summaryRow = [&] { // the edited design's row of the Designs dock
        for (QLabel* label : m_window->findChildren<QLabel*>())
            if (label->text().contains("<table"))
                return label->text()
                    .section("<tr><td>" + name + "</td>", 1, 1)
                    .section("</tr>", 0, 0);
        return QString();
    };
    auto latencyText = [&] {
        const int id = m_window->session()->modelIds().front();
        const double s
            = m_window->session()->analysis(id)->design(name.toStdString())->schedule.latency;
        return QString::number(s * 1e3, 'f', 3) + " ms";
    };
    const QString before = latencyText();
    EXPECT_TRUE(summaryRow().contains(before)) << summaryRow().toStdString();
    updated.clear();
    ASSERT_EQ(editor()->editField("clock_mhz", "50"), "");
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return updated.count() > 0 && m_window->isSettled(); }, 60000));
    const QString after = latencyText();
    EXPECT_NE(after, before); // a slower clock: a longer latency
    EXPECT_TRUE(summaryRow().contains(after)) << summaryRow().toStdString();
}

TEST_F(EditorDockTest, TheProblemAndTheDiffShowInTheDock)
{
    ASSERT_EQ(raiseDock(m_window.get(), "Accelerator editor"), "");
    const QString name = editor()->newFromPreset("edge_tpu");
    ASSERT_EQ(editor()->editField("pe_rows", "128"), "");
    editor()->showDiff("edge_tpu", name);
    auto* bandwidth
        = qobject_cast<QLineEdit*>(editor()->form()->editorFor("memory.bandwidth_gb_per_s"));
    ASSERT_TRUE(bandwidth);
    bandwidth->setText("-1"); // as typed: the refused value stays on screen, flagged
    bandwidth->setModified(true);
    emit bandwidth->editingFinished();
    QTest::qWait(100);
    EXPECT_TRUE(editor()->diffView()->isVisible());
    EXPECT_EQ(editor()->form()->problemPath(), "memory.bandwidth_gb_per_s");
    QLabel* shown = nullptr;
    for (QLabel* label : editor()->form()->findChildren<QLabel*>())
        if (label->isVisible() && label->text() == editor()->form()->problem())
            shown = label;
    EXPECT_TRUE(shown); // under the field, on screen
    // Set MENSA_TEST_SCREENSHOT_DIR to look at the dock with a refused value and a diff.
    if (const QString dir = qEnvironmentVariable("MENSA_TEST_SCREENSHOT_DIR"); !dir.isEmpty()) {
        if (auto* field = editor()->form()->editorFor("memory.bandwidth_gb_per_s"))
            editor()->findChild<QScrollArea*>("editorScroll")->ensureWidgetVisible(field);
        m_window->grab().save(dir + "/editor_problem_diff.png");
    }
}
