// End-to-end: `mensa figures` on ONNX files built with GraphBuilder. The command exists only
// when the GUI libraries are built; without them these tests skip.
#include "CliRunner.h"
#include "model/GraphBuilder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace mensa;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

namespace {

using test::readWholeFile;

class FiguresCommand : public ::testing::Test {
protected:
    void SetUp() override
    {
        if (!test::figureRendererBuilt())
            GTEST_SKIP() << "built without the GUI libraries: no figure renderer";
        m_dir = fs::temp_directory_path()
            / ("mensa_figures_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
        GraphBuilder cnn("tiny_cnn");
        auto x = cnn.relu(cnn.conv(cnn.input("image", { 1, 3, 64, 64 }), 16, 3, 2));
        x = cnn.relu(cnn.conv(cnn.depthwiseConv(x, 3), 32, 1));
        x = cnn.relu(cnn.conv(x, 64, 3, 2));
        cnn.output(cnn.gemm(cnn.flatten(cnn.globalAvgPool(x)), 10));
        std::ofstream(path("tiny_cnn.onnx"), std::ios::binary) << cnn.serialize();
        GraphBuilder rcnn("tiny_rcnn");
        auto y = rcnn.relu(rcnn.conv(rcnn.input("frames", { 1, 1, 32, 32 }), 16, 3, 2));
        y = rcnn.reshape(y, { 16, 1, 256 });
        y = rcnn.lstm(y, 768);
        rcnn.output(rcnn.matmulWeights(y, 64));
        std::ofstream(path("tiny_rcnn.onnx"), std::ios::binary) << rcnn.serialize();
    }
    void TearDown() override
    {
        if (!m_dir.empty())
            fs::remove_all(m_dir);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }
    std::string models() const
    {
        return "'" + path("tiny_cnn.onnx") + "' '" + path("tiny_rcnn.onnx") + "'";
    }
    fs::path m_dir;
};

} // namespace

TEST_F(FiguresCommand, WritesEveryFigureInEveryFormat)
{
    const test::CliResult run
        = test::runMensaMerged("figures " + models() + " --out '" + path("out") + "' --dpi 60");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    for (const char* stem : { "energy_tiny_cnn", "energy_tiny_rcnn", "roofline_edge_tpu",
             "roofline_eyeriss_v2", "roofline_pascal", "roofline_pavlov", "roofline_jacquard",
             "comparison", "comparison_vs_eyeriss_v2", "scatter_params_flopb",
             "gantt_tiny_cnn_mensa", "gantt_tiny_rcnn_mensa", "clusters" })
        for (const char* ext : { ".pdf", ".svg", ".png", ".csv" }) {
            const fs::path file = m_dir / "out" / (std::string(stem) + ext);
            EXPECT_TRUE(fs::exists(file)) << file;
            EXPECT_THAT(run.out, HasSubstr(file.filename().string()));
        }
    EXPECT_EQ(readWholeFile(m_dir / "out" / "comparison.pdf").substr(0, 5), "%PDF-");
    const std::string csv = readWholeFile(m_dir / "out" / "comparison.csv");
    EXPECT_THAT(csv, HasSubstr("tiny_rcnn,Mensa,Edge TPU,"));
    EXPECT_THAT(csv, HasSubstr("paper-reported,Mensa,Edge TPU"));
    EXPECT_THAT(readWholeFile(m_dir / "out" / "comparison_vs_eyeriss_v2.csv"),
        HasSubstr("tiny_rcnn,Mensa,Eyeriss v2,"));
    EXPECT_THAT(readWholeFile(m_dir / "out" / "energy_tiny_rcnn.csv"), HasSubstr("Eyeriss v2"));
    EXPECT_THAT(readWholeFile(m_dir / "out" / "energy_tiny_rcnn.csv"),
        HasSubstr("off-chip memory read (B),off-chip memory written (B)"));
    // The Gantt shows the Mensa schedule: its rows are Mensa's accelerators and links.
    const std::string gantt = readWholeFile(m_dir / "out" / "gantt_tiny_rcnn_mensa.csv");
    EXPECT_THAT(gantt, HasSubstr("tiny_rcnn,Pavlov,"));
    EXPECT_THAT(gantt, HasSubstr("lstm"));
    EXPECT_THAT(readWholeFile(m_dir / "out" / "clusters.csv"),
        HasSubstr("model,layer,layer_name,cluster,cluster_name,silhouette\ntiny_cnn,"));
    if (const char* gallery = std::getenv("MENSA_FIGURE_GALLERY")) // to look at the figures
        fs::copy(m_dir / "out", gallery,
            fs::copy_options::overwrite_existing | fs::copy_options::recursive);
}

TEST_F(FiguresCommand, OutputIsReproducibleWhateverTheLocale)
{
    const std::string options
        = " --accel edge_tpu,mensa --format pdf,svg,png,csv --dpi 50 --size 4x3";
    ASSERT_EQ(test::runMensaMerged("figures " + models() + " --out '" + path("a") + "'" + options)
                  .exitCode,
        0);
    // The second run under a German desktop locale: tick labels still read "0.5", not "0,5".
    ASSERT_EQ(test::runShell("LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 " + test::mensaCommand()
                  + " figures " + models() + " --out '" + path("b") + "'" + options + " 2>&1")
                  .exitCode,
        0);
    int compared = 0;
    for (const auto& entry : fs::directory_iterator(m_dir / "a")) {
        EXPECT_TRUE(
            readWholeFile(entry.path()) == readWholeFile(m_dir / "b" / entry.path().filename()))
            << entry.path();
        ++compared;
    }
    EXPECT_GT(compared, 20);
    EXPECT_FALSE(fs::exists(m_dir / "a" / "roofline_eyeriss_v2.pdf")); // only the designs asked for
}

// List options split at commas with the parts trimmed, as a shell user types them.
TEST_F(FiguresCommand, ListOptionsTakeSpacesAfterCommas)
{
    const test::CliResult run = test::runMensaMerged("figures '" + path("tiny_cnn.onnx")
        + "' --out '" + path("out") + "' --accel 'edge_tpu, mensa' --format 'csv, svg'");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_TRUE(fs::exists(m_dir / "out" / "roofline_edge_tpu.svg"));
    EXPECT_TRUE(fs::exists(m_dir / "out" / "roofline_pascal.csv"));
    EXPECT_FALSE(fs::exists(m_dir / "out" / "roofline_eyeriss_v2.csv"));
    EXPECT_FALSE(fs::exists(m_dir / "out" / "roofline_edge_tpu.pdf"));
}

TEST_F(FiguresCommand, RejectsBadArgumentsWithExitCode2)
{
    EXPECT_EQ(test::runMensaMerged("figures " + models()).exitCode, 2); // no --out
    const std::string out = " --out '" + path("x") + "'";
    test::CliResult run = test::runMensaMerged("figures " + models() + out + " --format jpeg");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_THAT(run.out, HasSubstr("unknown format 'jpeg'"));
    EXPECT_EQ(test::runMensaMerged("figures " + models() + out + " --size 0x3").exitCode, 2);
    EXPECT_EQ(test::runMensaMerged("figures " + models() + out + " --dpi 5").exitCode, 2);
    run = test::runMensaMerged("figures " + models() + out + " --accel no_such_design");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_THAT(run.out, HasSubstr("no_such_design"));
    run = test::runMensaMerged("figures '" + path("missing.onnx") + "'" + out);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_THAT(run.out, HasSubstr("missing.onnx"));
    EXPECT_FALSE(fs::exists(m_dir / "x"));
}

// Paper authors choose figures, a size preset and the font size; the PDF page is that size
// and the text that size, at any figure size.
TEST_F(FiguresCommand, ExportOptionsChooseTheFiguresPageSizeAndFontSize)
{
    const std::string out = " --out '" + path("opts") + "'";
    test::CliResult run = test::runMensaMerged("figures " + models() + out
        + " --figures comparison,roofline_pascal --size single --font-size 12 --format pdf,svg");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_TRUE(fs::exists(m_dir / "opts" / "roofline_pascal.pdf"));
    EXPECT_TRUE(fs::exists(m_dir / "opts" / "comparison_vs_eyeriss_v2.svg"));
    EXPECT_FALSE(fs::exists(m_dir / "opts" / "roofline_pavlov.pdf"));
    EXPECT_FALSE(fs::exists(m_dir / "opts" / "clusters.pdf"));
    // 3.33 in = 239.8 pt wide (Qt lays out whole 96-dpi pixels: 240), 2.5 in = 180 pt high.
    EXPECT_THAT(readWholeFile(m_dir / "opts" / "comparison.pdf"),
        HasSubstr("MediaBox [0 0 240.000000 180.000000]"));
    // Axis labels at 12 pt are 16 px in the SVG (96 px per inch); at the default 9 pt, 12 px.
    EXPECT_THAT(readWholeFile(m_dir / "opts" / "comparison.svg"), HasSubstr("font-size=\"16\""));
    run = test::runMensaMerged("figures " + models() + " --out '" + path("plain")
        + "' --figures comparison --size single --format svg");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_THAT(
        readWholeFile(m_dir / "plain" / "comparison.svg"), Not(HasSubstr("font-size=\"16\"")));
    // Writing again says how many files it replaces.
    run = test::runMensaMerged("figures " + models() + " --out '" + path("plain")
        + "' --figures comparison --size single --format svg");
    EXPECT_THAT(run.out, HasSubstr("replacing 2 existing file(s)"));
    run = test::runMensaMerged("figures " + models() + out + " --figures nothing_like_this");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_THAT(run.out, HasSubstr("chooses none of the figures (energy_tiny_cnn"));
    EXPECT_EQ(test::runMensaMerged("figures " + models() + out + " --font-size 40").exitCode, 2);
}

// Every CSV names the tool version and each design's spec file with the SHA-256 of its text
// (checked against coreutils' sha256sum).
TEST_F(FiguresCommand, CsvHeadersTraceTheFigureToTheToolAndTheSpecs)
{
    const test::CliResult run = test::runMensaMerged(
        "figures " + models() + " --out '" + path("trace") + "' --figures energy --format csv");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    const std::string csv = readWholeFile(m_dir / "trace" / "energy_tiny_cnn.csv");
    EXPECT_EQ(csv.rfind("# Mapping policy edp\n# Mensa Studio " MENSA_VERSION "\n", 0), 0u) << csv;
    for (const char* design : { "edge_tpu", "eyeriss_v2", "mensa" }) {
        const fs::path spec
            = test::sourceDir() / "resources/accelerators" / (std::string(design) + ".textproto");
        FILE* pipe = popen(("sha256sum '" + spec.string() + "'").c_str(), "r");
        ASSERT_NE(pipe, nullptr);
        char digest[65] = {};
        ASSERT_EQ(fread(digest, 1, 64, pipe), 64u);
        pclose(pipe);
        EXPECT_THAT(csv,
            HasSubstr("# design " + std::string(design) + ": " + design + ".textproto sha256 "
                + digest + "\n"));
    }
}

TEST_F(FiguresCommand, UnwritableOutputFailsWithExitCode1)
{
    std::ofstream(path("blocker")) << "not a folder";
    const test::CliResult run = test::runMensaMerged(
        "figures " + models() + " --out '" + path("blocker") + "/figs' --format csv");
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_THAT(run.out, HasSubstr("blocker"));
}

TEST_F(FiguresCommand, SameModelTwiceGetsTwoSetsOfFiles)
{
    const test::CliResult run = test::runMensaMerged("figures '" + path("tiny_cnn.onnx") + "' '"
        + path("tiny_cnn.onnx") + "' --out '" + path("dup") + "' --accel edge_tpu --format csv");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_TRUE(fs::exists(m_dir / "dup" / "energy_tiny_cnn.csv"));
    EXPECT_TRUE(fs::exists(m_dir / "dup" / "energy_tiny_cnn_2.csv"));
    EXPECT_EQ(readWholeFile(m_dir / "dup" / "energy_tiny_cnn.csv"),
        readWholeFile(m_dir / "dup" / "energy_tiny_cnn_2.csv"));
}

// mensa starts without Qt (the figure commands run in mensa-figures) and without dlib: ld.so lists
// what the binary would load, without running it.
TEST(FigureRenderer, MensaLoadsNoQtLibrary)
{
    const std::string libraries
        = test::runShell("LD_TRACE_LOADED_OBJECTS=1 '" + test::mensaCliPath() + "'").out;
    EXPECT_THAT(libraries, HasSubstr("libonnx")); // the listing worked
    EXPECT_EQ(libraries.find("libQt6"), std::string::npos) << libraries;
    EXPECT_EQ(libraries.find("libgvc"), std::string::npos) << libraries;
    // Nor the search library of `mensa explore` (it runs in mensa-explore).
    EXPECT_EQ(libraries.find("libdlib"), std::string::npos) << libraries;
    EXPECT_EQ(libraries.find("liblapack"), std::string::npos) << libraries;
}

TEST(FigureRenderer, AMissingRendererIsOneLineAndExitCode2)
{
    const fs::path out
        = fs::temp_directory_path() / ("mensa_no_renderer_" + std::to_string(::getpid()));
    const test::CliResult run = test::runShell("MENSA_FIGURES=/nonexistent/mensa-figures '"
        + test::mensaCliPath() + "' figures x.onnx --out '" + out.string() + "' 2>&1");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_THAT(run.out, HasSubstr("/nonexistent/mensa-figures"));
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << run.out;
    EXPECT_FALSE(fs::exists(out));
    // The usage is mensa's own: it needs no renderer.
    const test::CliResult help = test::runShell(
        "MENSA_FIGURES=/nonexistent '" + test::mensaCliPath() + "' figures --help 2>&1");
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_THAT(help.out, HasSubstr("Usage: mensa figures"));
}
