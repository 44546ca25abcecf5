// The Pruning dock as a user drives it: the open model's sweep runs off the GUI thread and both
// figures carry exactly the numbers of core's sweep (the same as `mensa prune-sweep`); without a
// model file it says what to do.
#include "PruneDock.h"
#include "CliRunner.h"
#include "PruneFigure.h"
#include "StudioWindowFixture.h"
#include "prune/ModelPruner.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

class PruneDockTest : public mensa::test::StudioWindowFixture {
protected:
    PruneDockTest()
        : StudioWindowFixture("mensa_prune_dock")
    {
    }

    // The SqueezeNet sample, opened in the window with its analysis settled: the dock prunes it.
    const fs::path m_model = mensa::test::sourceDir() / "sample_models" / "squeezenet1_1.onnx";
    void openModel()
    {
        m_window->openPaths({ QString::fromStdString(m_model.string()) });
        ASSERT_TRUE(QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000));
    }
};

} // namespace

TEST_F(PruneDockTest, TheSweepOfTheOpenModelShowsCoresNumbers)
{
    ASSERT_NO_FATAL_FAILURE(openModel());
    mensa::PruneDock* dock = m_window->pruning();
    QSignalSpy finished(dock, &mensa::PruneDock::finished);
    ASSERT_EQ(dock->run(), "");
    EXPECT_TRUE(dock->isRunning() || finished.count() == 1); // off the GUI thread
    ASSERT_TRUE(finished.count() == 1 || finished.wait(120000));
    ASSERT_EQ(finished.front().front().toString(), "");

    const mensa::PruneSweep core
        = mensa::runPruneSweep(mensa::readModelWithWeights(m_model.string()), m_model.string(), {});
    ASSERT_EQ(core.points.size(), 3u * 3 * 9); // 3 designs x 3 granularities x (0 + 8 ratios)
    mensa::views::PruneFigure speedup(mensa::views::PruneFigure::Metric::Speedup);
    mensa::views::PruneFigure energy(mensa::views::PruneFigure::Metric::EnergySaving);
    speedup.setSweep(core);
    energy.setSweep(core);
    EXPECT_EQ(dock->speedupFigure()->csv(), speedup.csv());
    EXPECT_EQ(dock->energyFigure()->csv(), energy.csv());
    EXPECT_GT(dock->speedupFigure()->markCount(), 0);

    snapshotDock("pruningDock", "pruning_dock.png");
}

// Cancel stops the sweep (it checks between points) and nothing of it is drawn or reported.
TEST_F(PruneDockTest, CancelStopsTheSweepAndDrawsNothing)
{
    ASSERT_NO_FATAL_FAILURE(openModel());
    mensa::PruneDock* dock = m_window->pruning();
    QSignalSpy finished(dock, &mensa::PruneDock::finished);
    ASSERT_EQ(dock->run(), "");
    dock->cancel();
    ASSERT_TRUE(QTest::qWaitFor([dock] { return !dock->isRunning(); }, 60000));
    QTest::qWait(50); // let the watcher's finished signal arrive
    EXPECT_EQ(finished.count(), 0);
    EXPECT_EQ(dock->speedupFigure()->markCount(), 0);
}

TEST_F(PruneDockTest, WithoutAModelFileItSaysWhatToDo)
{
    const QString problem = m_window->pruning()->run();
    EXPECT_TRUE(problem.contains("Open a model file")) << problem.toStdString();
    EXPECT_FALSE(m_window->pruning()->isRunning());
}

// Before the first sweep the figures already show what they will plot: labelled axes on a log
// scale and the ideal curve, not empty 0-5 axes.
TEST_F(PruneDockTest, BeforeASweepTheFiguresShowTheirAxesAndTheIdealCurve)
{
    QCustomPlot* plot = m_window->pruning()->speedupFigure()->plot();
    EXPECT_EQ(m_window->pruning()->speedupFigure()->markCount(), 0);
    EXPECT_EQ(plot->xAxis->label(), "Fraction of weights removed");
    EXPECT_EQ(plot->yAxis->scaleType(), QCPAxis::stLogarithmic);
    ASSERT_EQ(plot->graphCount(), 1); // the ideal curve
    EXPECT_GT(plot->graph(0)->dataCount(), 90); // over the whole x range, 0 .. 0.95
    EXPECT_GT(plot->yAxis->range().upper, 10);
}
