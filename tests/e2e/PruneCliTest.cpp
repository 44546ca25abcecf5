// End-to-end: `mensa prune` writes a pruned model that imports again, and refuses bad input
// in one line with exit code 2 and no file written.
#include "CliRunner.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace mensa;
using ::testing::HasSubstr;

namespace {

class PruneCommand : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path()
            / ("mensa_prune_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
        GraphBuilder b("blocked");
        m_conv = b.conv(b.input("x", { 1, 8, 4, 4 }), 16, 1);
        b.output(b.gemm(b.reshape(m_conv, { 1, 256 }), 10));
        std::ofstream(blocked(), std::ios::binary) << b.serialize(WeightStorage::Values);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string blocked() const { return (m_dir / "blocked.onnx").string(); }
    std::string out() const { return (m_dir / "pruned.onnx").string(); }
    std::string resnet() const
    {
        return (test::sourceDir() / "sample_models/resnet50.onnx").string();
    }
    std::string write(const std::string& name, const std::string& text) const
    {
        std::ofstream((m_dir / name).string()) << text;
        return (m_dir / name).string();
    }
    // Exit 2, one line on stderr, no output file.
    void expectRefused(const test::CliResult& r, const std::string& needle) const
    {
        EXPECT_EQ(r.exitCode, 2) << r.err;
        EXPECT_THAT(r.err, HasSubstr(needle));
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_FALSE(std::filesystem::exists(out()));
    }

    std::filesystem::path m_dir;
    std::string m_conv;
};

} // namespace

TEST_F(PruneCommand, ChannelPrunedResNetImportsWithFewerMacs)
{
    const auto r = test::runMensa(
        "prune '" + resnet() + "' --ratio 0.5 --granularity channel --out '" + out() + "'", m_dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("wrote"));
    const Model before = importOnnxFile(resnet());
    const Model after = importOnnxFile(out());
    EXPECT_LT(double(totals(after).macs), 0.5 * double(totals(before).macs));
}

TEST_F(PruneCommand, RatioOutsideTheRangeIsRefused)
{
    for (const char* ratio : { "1", "1.5", "-0.2", "half" })
        expectRefused(test::runMensa("prune '" + resnet() + "' --ratio=" + ratio
                              + " --granularity channel --out '" + out() + "'",
                          m_dir),
            "--ratio");
}

TEST_F(PruneCommand, UnknownLayerInThePerLayerFileIsNamed)
{
    const std::string file = write("ratios.txt", "no_such_conv 0.5\n");
    expectRefused(test::runMensa("prune '" + resnet() + "' --per-layer '" + file
                          + "' --granularity channel --out '" + out() + "'",
                      m_dir),
        "no_such_conv");
}

TEST_F(PruneCommand, BlockedChannelsNameTheBlockingLayer)
{
    const std::string file = write("ratios.txt", m_conv + " 0.5\n");
    expectRefused(test::runMensa("prune '" + blocked() + "' --per-layer '" + file
                          + "' --granularity channel --out '" + out() + "'",
                      m_dir),
        "Reshape");
    expectRefused(test::runMensa("prune '" + blocked()
                          + "' --ratio 0.5 --granularity array "
                            "--out '"
                          + out() + "'",
                      m_dir),
        "Reshape");
}

TEST_F(PruneCommand, ElementPruningKeepsMacsAndRecordsDensity)
{
    const auto r = test::runMensa(
        "prune '" + resnet() + "' --ratio 0.5 --granularity element --out '" + out() + "'", m_dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const Model after = importOnnxFile(out());
    EXPECT_EQ(totals(after).macs, totals(importOnnxFile(resnet())).macs);
    int sparse = 0;
    for (const Layer& layer : after.layers)
        sparse += layer.metrics.weightDensity < 0.6 ? 1 : 0;
    EXPECT_GT(sparse, 40);
}

// The sweep: element pruning buys nothing on the dense Edge TPU, channel pruning does; with the
// GUI libraries the figure is drawn in every format.
TEST_F(PruneCommand, SweepWritesTheTableAndTheFigure)
{
    const std::string dir = (m_dir / "sweep").string();
    const auto r = test::runMensa(
        "prune-sweep '" + resnet() + "' --designs edge_tpu --ratios 0.5 --out '" + dir + "'",
        m_dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string csv = test::readWholeFile(std::filesystem::path(dir) / "prune_sweep.csv");
    const auto speedupOf = [&csv](const std::string& prefix) {
        const auto at = csv.find(prefix);
        EXPECT_NE(at, std::string::npos) << prefix;
        const std::string line = csv.substr(at, csv.find('\n', at) - at);
        const auto comma = line.rfind(',');
        return std::stod(line.substr(line.rfind(',', comma - 1) + 1));
    };
    EXPECT_DOUBLE_EQ(speedupOf("edge_tpu,element,64,0.5,"), 1.0);
    EXPECT_GT(speedupOf("edge_tpu,channel,64,0.5,"), 2.0);
    if (!test::figureRendererBuilt())
        return;
    for (const char* stem : { "prune_speedup", "prune_energy" })
        for (const char* ext : { ".pdf", ".svg", ".png", ".csv" }) {
            const auto file = std::filesystem::path(dir) / "figures" / (stem + std::string(ext));
            EXPECT_GT(std::filesystem::file_size(file), 100u) << stem << ext;
        }
}
