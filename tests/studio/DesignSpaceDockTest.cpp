// The Design space dock as a user drives it: a co-design search runs off the GUI thread and
// plots its points and front; a clicked point becomes a design of every view; a bad space file
// gives one line; a run can be cancelled.
#include "DesignSpaceDock.h"
#include "AcceleratorEditor.h"
#include "DesignSpaceView.h"
#include "EditorDock.h"
#include "MainWindow.h"
#include "ScratchSettings.h"
#include "StudioWindowFixture.h"
#include "cost/SpecParser.h"
#include "model/GraphBuilder.h"
#include "session/CoreAnalysisEngine.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>

#include <qcustomplot.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unistd.h>

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

class DesignSpaceDockTest : public mensa::test::StudioWindowFixture {
protected:
    DesignSpaceDockTest()
        : StudioWindowFixture("mensa_design_space")
    {
    }
    mensa::DesignSpaceView* view() { return m_window->designSpace()->view(); }
    QString writeSpace(const std::string& text)
    {
        const fs::path path = m_dir / "space.textproto";
        std::ofstream(path) << text;
        return QString::fromStdString(path.string());
    }
    // Opens a small CNN, so a space without a model axis has a model to run.
    void openSmallModel()
    {
        mensa::GraphBuilder g("small");
        auto x = g.input("image", { 1, 3, 32, 32 });
        g.output(g.gemm(g.flatten(g.globalAvgPool(g.relu(g.conv(x, 16, 3, 2)))), 10));
        const fs::path model = m_dir / "small.onnx";
        std::ofstream(model, std::ios::binary) << g.serialize(mensa::WeightStorage::GraphInputs);
        m_window->openPaths({ QString::fromStdString(model.string()) });
        ASSERT_TRUE(QTest::qWaitFor([this] { return m_window->isSettled(); }, 60000));
    }
    bool runToEnd()
    {
        QSignalSpy finished(view()->runner(), &mensa::DesignSpaceRunner::finished);
        view()->run();
        return finished.wait(60000);
    }
    QString status() const
    {
        QString text;
        for (QLabel* label : m_window->designSpace()->view()->findChildren<QLabel*>())
            text += label->text() + "\n";
        return text;
    }
};

const char* kCodesign = R"(base: "edge_tpu"
model_axis { families: "mobilenet_v1" widths: 0.5 widths: 1.0 resolutions: 128 resolutions: 224 }
axes { field: "pe_rows" values: 16 values: 32 values: 64 }
axes { field: "pe_cols" values: 16 values: 64 }
constraints { min_top1: 60 }
objectives { name: "energy" }
)";

} // namespace

TEST_F(DesignSpaceDockTest, ACodesignSearchPlotsItsPointsFrontAndComparison)
{
    view()->addSpace(writeSpace(kCodesign));
    ASSERT_TRUE(runToEnd());
    const mensa::DesignSpaceResult& r = view()->runner()->result();
    ASSERT_TRUE(r.error.empty()) << r.error;
    EXPECT_EQ(r.points.size(), 4u * 3 * 2);
    ASSERT_FALSE(r.front.empty());
    QCustomPlot* plot = view()->plot();
    ASSERT_EQ(plot->graphCount(), 3);
    EXPECT_EQ(plot->graph(0)->data()->size() + plot->graph(1)->data()->size(), r.points.size());
    EXPECT_EQ(size_t(plot->graph(2)->data()->size()), r.front.size());
    EXPECT_EQ(plot->xAxis->label(), "Latency [ms]");
    EXPECT_THAT(status().toStdString(), HasSubstr("hardware only (model: mobilenet_v1_1.0_224)"));
    EXPECT_THAT(status().toStdString(), HasSubstr("24 of 24 points simulated (exhaustive)"));
    view()->setAxes("top1_error", "energy");
    EXPECT_EQ(plot->xAxis->label(), "Top-1 error [%]");
    snapshotDock("designSpaceDock", "design_space_dock.png");
}

TEST_F(DesignSpaceDockTest, AClickedPointBecomesADesignOfEveryView)
{
    openSmallModel();
    view()->addSpace(writeSpace(kCodesign));
    ASSERT_TRUE(runToEnd());
    const mensa::PointResult& p = view()->runner()->result().front.front();
    QCustomPlot* plot = view()->plot();
    const QPoint pixel(qRound(plot->xAxis->coordToPixel(p.latency * 1e3)),
        qRound(plot->yAxis->coordToPixel(p.energy * 1e3)));
    const int before = m_window->session()->designs().size();
    QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, pixel);
    const QStringList designs = m_window->session()->designs();
    ASSERT_EQ(designs.size(), before + 1);
    const QString name = designs.back();
    EXPECT_TRUE(name.startsWith("edge_tpu_energy_")) << name.toStdString();
    // An in-memory design of the editor, shown there, with the point's hardware values.
    const QString text = m_window->session()->designSpec(name);
    ASSERT_FALSE(text.isEmpty());
    EXPECT_EQ(m_window->editorDock()->editor()->currentText(), text);
    const mensa::SystemSpecPtr spec
        = mensa::parseSystemSpecText(text.toStdString(), name.toStdString());
    const auto& space = *view()->runner()->result().space;
    const mensa::spec::SystemSpec expected = space.specAt(p.index);
    EXPECT_EQ(spec->accelerators(0).pe_rows(), expected.accelerators(0).pe_rows());
    EXPECT_EQ(spec->accelerators(0).pe_cols(), expected.accelerators(0).pe_cols());
    // And every view gets it: the open model's analysis runs the new design.
    const int id = m_window->session()->modelIds().front();
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            auto a = m_window->session()->analysis(id);
            return a && std::any_of(a->designs.begin(), a->designs.end(), [&](const auto& d) {
                return QString::fromStdString(d.design) == name;
            });
        },
        60000));
}

// A space that resizes the register file: the status says the energies followed (the core's
// sentence), and the design a clicked point becomes carries the scaled energy.
TEST_F(DesignSpaceDockTest, AResizedBlocksEnergiesFollowItsCapacity)
{
    openSmallModel();
    view()->addSpace(
        writeSpace("base: \"edge_tpu\"\n"
                   "axes { field: \"register_file_bytes_per_pe\" values: 4 values: 64 }\n"));
    ASSERT_TRUE(runToEnd());
    EXPECT_THAT(status().toStdString(),
        HasSubstr("Access energies per byte scale as capacity^0.5 (access_energy_exponent) for: "
                  "register file."));
    const mensa::DesignSpaceResult& r = view()->runner()->result();
    ASSERT_EQ(r.points.size(), 2u);
    EXPECT_LT(r.points[0].energy, r.points[1].energy); // same cycles, cheaper register reads
    snapshotDock("designSpaceDock", "design_space_dock_energy_scaling.png");
}

TEST_F(DesignSpaceDockTest, ABadSpaceFileGivesOneLineAndNoPlot)
{
    view()->addSpace(writeSpace("base: \"edge_tpu\"\naxes { field: \"pe_rowz\" values: 8 }\n"));
    ASSERT_TRUE(runToEnd());
    const std::string error = view()->runner()->result().error;
    EXPECT_THAT(error, HasSubstr("space.textproto:2:"));
    EXPECT_EQ(error.find('\n'), std::string::npos);
    EXPECT_THAT(status().toStdString(), HasSubstr("pe_rowz"));
    EXPECT_EQ(view()->plot()->graph(0)->data()->size(), 0);
}

TEST_F(DesignSpaceDockTest, ASearchWithoutAnOpenModelSaysSo)
{
    view()->addSpace(writeSpace("base: \"edge_tpu\"\naxes { field: \"pe_rows\" values: 8 }\n"));
    ASSERT_TRUE(runToEnd());
    EXPECT_THAT(view()->runner()->result().error, HasSubstr("no model is open to explore over"));
}

TEST_F(DesignSpaceDockTest, CancelStopsTheRun)
{
    view()->addSpace(QString::fromStdString(
        std::string(MENSA_SOURCE_DIR) + "/resources/search_spaces/mobilenet_codesign.textproto"));
    QSignalSpy finished(view()->runner(), &mensa::DesignSpaceRunner::finished);
    view()->run();
    view()->cancel();
    ASSERT_TRUE(finished.wait(60000));
    EXPECT_TRUE(view()->runner()->result().cancelled);
    EXPECT_THAT(status().toStdString(), HasSubstr("Cancelled."));
}

// Before a run the plot has its labelled axes on a range its log scale can show (an empty
// legend once squeezed the axes to a sliver, and a log axis spanned 0 .. 5).
TEST_F(DesignSpaceDockTest, BeforeARunThePlotShowsItsAxes)
{
    QCustomPlot* plot = view()->plot();
    EXPECT_EQ(plot->xAxis->label(), "Latency [ms]");
    EXPECT_EQ(plot->yAxis->label(), "Energy [mJ]");
    EXPECT_EQ(plot->xAxis->scaleType(), QCPAxis::stLogarithmic);
    EXPECT_GT(plot->xAxis->range().lower, 0);
    EXPECT_EQ(plot->legend->itemCount(), 3);
    snapshotDock("designSpaceDock", "design_space_dock_before_a_run.png");
}
