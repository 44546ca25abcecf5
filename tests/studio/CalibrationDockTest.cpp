// The Calibration dock as a user drives it: the fit runs off the GUI thread and the figure
// carries exactly core's calibration (the same as `mensa calibrate`); a bad file is one line
// and keeps the last result; a new run replaces one still computing.
#include "CalibrationDock.h"
#include "CalibrationFigure.h"
#include "CliRunner.h"
#include "StudioWindowFixture.h"

#include "calibrate/Calibrator.h"
#include "cost/SpecParser.h"
#include "study/PublishedValidation.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace {

class CalibrationDockTest : public mensa::test::StudioWindowFixture {
protected:
    CalibrationDockTest()
        : StudioWindowFixture("mensa_calibration_dock")
    {
    }

    const QString m_table = QString::fromStdString(
        (mensa::test::sourceDir() / "resources/measurements/coral_published.csv").string());

    // Runs the dock and waits for its one `finished`; returns the problem it reported.
    QString runAndWait(mensa::CalibrationDock* dock)
    {
        QSignalSpy finished(dock, &mensa::CalibrationDock::finished);
        dock->calibrate();
        EXPECT_EQ(finished.count(), 0); // returns at once: the fit reports later, from a worker
        EXPECT_TRUE(finished.wait(120000));
        QTest::qWait(50); // a second, stale signal would arrive now
        EXPECT_EQ(finished.count(), 1);
        return finished.isEmpty() ? QString("no signal") : finished.front().front().toString();
    }
};

} // namespace

TEST_F(CalibrationDockTest, TheFitShowsCoresNumbers)
{
    mensa::CalibrationDock* dock = m_window->calibration();
    dock->setInputs(m_table, "coral_usb");
    ASSERT_EQ(runAndWait(dock), "");

    const std::string spec = mensa::resolveSystemSpecPath("coral_usb");
    const mensa::MeasurementSet set = mensa::readMeasurementSet(m_table.toStdString(), "coral_usb");
    const mensa::CalibrationReport core
        = mensa::Calibrator(mensa::readSpecFile(spec), spec, set).run(true);
    mensa::views::CalibrationFigure expected;
    expected.setReport(core);
    EXPECT_EQ(dock->figure()->csv(), expected.csv());
    EXPECT_EQ(dock->figure()->markCount(), expected.markCount());
    EXPECT_GT(dock->figure()->markCount(), 0);
    const QString summary = dock->summary();
    EXPECT_TRUE(summary.contains("leave-one-out x")) << summary.toStdString();
    EXPECT_TRUE(summary.contains("host_link.bandwidth_gb_per_s 0.42 → ")) << summary.toStdString();
    EXPECT_TRUE(dock->calibratedText().contains("name: \"coral_usb_calibrated\""));
    snapshotDock("calibrationDock", "calibration_dock.png");
}

TEST_F(CalibrationDockTest, ABadFileIsOneLineAndKeepsTheLastFit)
{
    mensa::CalibrationDock* dock = m_window->calibration();
    dock->setInputs(m_table, "coral_usb");
    ASSERT_EQ(runAndWait(dock), "");
    const QString csv = dock->figure()->csv();
    const QString text = dock->calibratedText();

    dock->setInputs("/nonexistent/measured.csv", "coral_usb");
    const QString problem = runAndWait(dock);
    EXPECT_TRUE(problem.contains("/nonexistent/measured.csv")) << problem.toStdString();
    EXPECT_FALSE(problem.contains('\n')) << problem.toStdString();
    EXPECT_EQ(dock->summary(), problem);
    EXPECT_EQ(dock->figure()->csv(), csv); // nothing of the last fit is lost
    EXPECT_EQ(dock->calibratedText(), text);

    dock->setInputs(m_table, "no_such_spec");
    EXPECT_TRUE(runAndWait(dock).contains("no_such_spec"));
}

// Two runs in a row: only the second reports (the first one's result is dropped unseen).
TEST_F(CalibrationDockTest, ANewRunReplacesOneStillComputing)
{
    mensa::CalibrationDock* dock = m_window->calibration();
    dock->setInputs(m_table, "coral_devboard");
    QSignalSpy finished(dock, &mensa::CalibrationDock::finished);
    dock->calibrate();
    dock->setInputs(m_table, "coral_usb");
    dock->calibrate();
    ASSERT_TRUE(finished.wait(120000));
    QTest::qWait(200);
    ASSERT_EQ(finished.count(), 1);
    EXPECT_EQ(finished.front().front().toString(), "");
    EXPECT_TRUE(dock->calibratedText().contains("name: \"coral_usb_calibrated\""));
}

// A scripted screenshot or figure export waits for the window to settle; a fit still computing
// keeps it unsettled, so `--raise Calibration --screenshot` shows the fit, not "Calibrating...".
TEST_F(CalibrationDockTest, TheWindowIsNotSettledWhileAFitComputes)
{
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000));
    mensa::CalibrationDock* dock = m_window->calibration();
    dock->setInputs(m_table, "coral_usb");
    QSignalSpy finished(dock, &mensa::CalibrationDock::finished);
    dock->calibrate();
    EXPECT_FALSE(m_window->isSettled());
    ASSERT_TRUE(QTest::qWaitFor([this] { return m_window->isSettled(); }, 120000));
    EXPECT_EQ(finished.count(), 1);
    EXPECT_GT(dock->figure()->markCount(), 0);
}
