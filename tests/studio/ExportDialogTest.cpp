// File > Export Figures for paper authors: the dialog chooses figures, formats, a size preset,
// DPI and font size, lists the files it would replace, and the export writes what was chosen
// (the PDF page is the chosen size).
#include "ExportFiguresDialog.h"
#include "MainWindow.h"
#include "model/GraphBuilder.h"
#include "session/CoreAnalysisEngine.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

class ExportDialogTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("mensa_export_dialog_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    QString dir(const std::string& name = "") const
    {
        return QString::fromStdString((m_dir / name).string());
    }
    fs::path m_dir;
};

std::string readAll(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), {} };
}

} // namespace

TEST_F(ExportDialogTest, ChoosesFiguresFormatsSizeDpiAndFont)
{
    const QStringList names { "energy_cnn", "comparison", "comparison_vs_eyeriss_v2" };
    mensa::ExportFiguresDialog dialog(names, dir(), nullptr);
    mensa::views::FigureExportChoice all = dialog.choice();
    EXPECT_TRUE(all.figures.isEmpty()); // every figure, also of models still being analysed
    EXPECT_EQ(all.formats.size(), 4);
    EXPECT_TRUE(all.options.sizeInches.isEmpty());
    EXPECT_EQ(all.options.dpi, 300);
    EXPECT_EQ(all.options.fontPoints, 9);

    auto* list = dialog.findChild<QListWidget*>();
    list->item(2)->setCheckState(Qt::Unchecked); // comparison but not comparison_vs_...
    dialog.findChild<QComboBox*>()->setCurrentIndex(1); // single column
    dialog.findChild<QSpinBox*>()->setValue(600);
    const mensa::views::FigureExportChoice c = dialog.choice();
    EXPECT_EQ(c.figures, (QStringList { "energy_cnn", "comparison" }));
    EXPECT_EQ(c.options.sizeInches, QSizeF(3.33, 2.5));
    EXPECT_EQ(c.options.dpi, 600);
    EXPECT_FALSE(c.chosen("comparison_vs_eyeriss_v2"));

    std::ofstream(m_dir / "comparison.svg") << "an older export";
    EXPECT_EQ(dialog.existingFiles(), QStringList { "comparison.svg" });
}

TEST_F(ExportDialogTest, TheExportWritesTheChosenFiguresAtTheChosenPageSize)
{
    mensa::GraphBuilder g("cnn");
    auto x = g.relu(g.conv(g.input("image", { 1, 3, 32, 32 }), 16, 3, 2));
    g.output(g.gemm(g.flatten(g.globalAvgPool(x)), 10));
    std::ofstream(m_dir / "cnn.onnx", std::ios::binary)
        << g.serialize(mensa::WeightStorage::GraphInputs);
    mensa::MainWindow window(std::make_shared<mensa::CoreAnalysisEngine>());
    window.openPaths({ dir("cnn.onnx") });

    mensa::views::FigureExportChoice choice;
    choice.dir = dir("out");
    choice.figures = { "comparison", "energy_cnn" };
    choice.formats = { mensa::views::FigureFormat::Pdf, mensa::views::FigureFormat::Csv };
    choice.options.sizeInches = QSizeF(7.0, 3.5); // double column
    QSignalSpy done(&window, &mensa::MainWindow::figuresExported);
    window.exportFiguresWhenAnalysed(choice);
    ASSERT_TRUE(done.count() == 1 || done.wait(60000));
    ASSERT_TRUE(done.front().at(1).toString().isEmpty())
        << done.front().at(1).toString().toStdString();
    int files = 0;
    for (const auto& entry : fs::directory_iterator(m_dir / "out")) {
        ++files;
        (void)entry;
    }
    EXPECT_EQ(files, 4); // two figures, two formats
    // 7 in x 3.5 in = 504 x 252 pt.
    EXPECT_NE(
        readAll(m_dir / "out" / "comparison.pdf").find("MediaBox [0 0 504.000000 252.000000]"),
        std::string::npos);
    EXPECT_NE(readAll(m_dir / "out" / "energy_cnn.csv").find("# Mensa Studio "), std::string::npos);
}
