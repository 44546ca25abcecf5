// What the studio tests start from: the main window over the core engine, shown at a fixed
// size, with a scratch folder and settings store of the test's own (ScratchSettings.h).
#pragma once

#include "MainWindow.h"
#include "ScratchSettings.h"
#include "session/CoreAnalysisEngine.h"

#include <QApplication>
#include <QDockWidget>
#include <QSettings>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace mensa::test {

class StudioWindowFixture : public ::testing::Test {
protected:
    // The scratch folder is <temp>/<prefix>_<pid>_<test name>.
    explicit StudioWindowFixture(std::string prefix, int width = 1024, int height = 768)
        : m_prefix(std::move(prefix))
        , m_width(width)
        , m_height(height)
    {
    }
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path()
            / (m_prefix + "_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
        useScratchSettings(m_dir);
        m_window = std::make_unique<MainWindow>(std::make_shared<CoreAnalysisEngine>());
        m_window->resize(m_width, m_height);
        m_window->show();
    }
    void TearDown() override
    {
        m_window.reset();
        QSettings().clear();
        std::filesystem::remove_all(m_dir);
    }

    // With MENSA_VIEW_SNAPSHOT_DIR set (to look at it by eye), raises the dock named
    // `dockObjectName` and saves the window as DIR/<fileName>.
    void snapshotDock(const char* dockObjectName, const QString& fileName)
    {
        const QString dir = qEnvironmentVariable("MENSA_VIEW_SNAPSHOT_DIR");
        if (dir.isEmpty())
            return;
        m_window->findChild<QDockWidget*>(dockObjectName)->raise();
        QApplication::processEvents();
        m_window->grab().save(dir + "/" + fileName);
    }

    std::filesystem::path m_dir;
    std::unique_ptr<MainWindow> m_window;

private:
    std::string m_prefix;
    int m_width;
    int m_height;
};

} // namespace mensa::test
