// The main window as a user drives it: models dropped on it or opened by path, the recent
// files menu, and bad files that must give one message and leave open work alone.
#include "MainWindow.h"
#include "ScratchSettings.h"
#include "SettingsDialog.h"
#include "StudioWindowFixture.h"
#include "model/GraphBuilder.h"
#include "session/CoreAnalysisEngine.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

class MainWindowTest : public mensa::test::StudioWindowFixture {
protected:
    MainWindowTest()
        : StudioWindowFixture("mensa_studio_test", 1200, 800)
    {
    }

    QString writeModel(const std::string& name)
    {
        mensa::GraphBuilder g(name);
        auto x = g.input("image", { 1, 3, 32, 32 });
        x = g.relu(g.conv(x, 16, 3, 2));
        g.output(g.gemm(g.flatten(g.globalAvgPool(g.conv(x, 32, 3))), 10));
        return writeFile(name + ".onnx", g.serialize(mensa::WeightStorage::GraphInputs));
    }
    QString writeFile(const std::string& name, const std::string& bytes)
    {
        const fs::path path = m_dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return QString::fromStdString(path.string());
    }
    bool settle()
    {
        return QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000);
    }
    QList<QMessageBox*> messageBoxes() const { return m_window->findChildren<QMessageBox*>(); }
    QMenu* recentMenu() const
    {
        for (QMenu* menu : m_window->menuBar()->findChildren<QMenu*>())
            if (menu->title().remove('&') == "Open Recent")
                return menu;
        return nullptr;
    }

    // Sends a drag-enter and, if accepted, a drop of PATHS onto the window.
    bool drop(const QStringList& paths)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString& p : paths)
            urls << QUrl::fromLocalFile(p);
        mime.setUrls(urls);
        const QPoint centre = m_window->rect().center();
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        if (!enter.isAccepted())
            return false;
        QDropEvent dropEvent(
            QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &dropEvent);
        return true;
    }
};

} // namespace

TEST_F(MainWindowTest, DroppedModelsOpenAndJoinTheRecentFiles)
{
    const QString first = writeModel("first");
    const QString second = writeModel("second");
    ASSERT_TRUE(drop({ first, second }));
    ASSERT_TRUE(settle());
    EXPECT_EQ(m_window->session()->modelIds().size(), 2u);
    for (int id : m_window->session()->modelIds())
        EXPECT_NE(m_window->session()->analysis(id), nullptr);

    const QStringList recent = QSettings().value("recentFiles").toStringList();
    ASSERT_EQ(recent.size(), 2);
    EXPECT_EQ(recent.front(), second) << "the last opened comes first";
    QMenu* menu = recentMenu();
    ASSERT_NE(menu, nullptr);
    EXPECT_TRUE(menu->isEnabled());
    QStringList entries;
    for (QAction* action : menu->actions())
        entries << action->text();
    EXPECT_TRUE(entries.contains("second.onnx")) << entries.join(", ").toStdString();
    EXPECT_TRUE(messageBoxes().isEmpty());
}

TEST_F(MainWindowTest, DragOfAFileThatIsNoModelIsRefused)
{
    EXPECT_FALSE(drop({ writeFile("notes.txt", "not a model") }));
    EXPECT_TRUE(m_window->session()->modelIds().empty());
}

TEST_F(MainWindowTest, CorruptModelGivesOneLineMessageAndKeepsTheOpenModel)
{
    m_window->openPaths({ writeModel("good") });
    ASSERT_TRUE(settle());
    ASSERT_EQ(m_window->session()->modelIds().size(), 1u);

    const QString corrupt
        = writeFile("corrupt.onnx", std::string("\x08\x07\x12\xff\xff garbage", 14));
    m_window->openPaths({ corrupt });
    ASSERT_TRUE(QTest::qWaitFor([this] { return !messageBoxes().isEmpty(); }, 60000));
    ASSERT_TRUE(settle());
    const QString text = messageBoxes().front()->text();
    EXPECT_TRUE(text.contains("corrupt.onnx")) << text.toStdString();
    EXPECT_FALSE(text.contains('\n')) << text.toStdString();
    // The good model is still open and analysed; the window still works.
    ASSERT_EQ(m_window->session()->modelIds().size(), 1u) << "the corrupt model is not kept open";
    EXPECT_NE(m_window->session()->analysis(m_window->session()->modelIds().front()), nullptr);
    const QStringList recent = QSettings().value("recentFiles").toStringList();
    EXPECT_FALSE(recent.contains(corrupt)) << "a file that never opened is not recent";
    EXPECT_EQ(recent.size(), 1);
}

TEST_F(MainWindowTest, MissingFileGivesAMessageNamingIt)
{
    const QString missing = QString::fromStdString((m_dir / "gone.onnx").string());
    m_window->openPaths({ missing });
    ASSERT_EQ(messageBoxes().size(), 1);
    EXPECT_EQ(messageBoxes().front()->text(), missing + ": no such file");
    EXPECT_TRUE(QSettings().value("recentFiles").toStringList().isEmpty())
        << "a missing file is not recent";
}

// The settings' design field names every built-in design the loader finds, not a fixed three.
TEST(SettingsDialogTest, DesignFieldNamesEveryBuiltInDesign)
{
    mensa::SettingsDialog dialog(1, { "edge_tpu" });
    auto* field = dialog.findChild<QLineEdit*>();
    ASSERT_NE(field, nullptr);
    for (const char* name : { "edge_tpu", "eyeriss_v2", "mensa", "coral_usb", "coral_devboard",
             "jetson_xavier", "hikey970" })
        EXPECT_TRUE(field->toolTip().contains(name))
            << name << ": " << field->toolTip().toStdString();
}
