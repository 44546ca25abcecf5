// mensa schedule --mae end to end on the built-in jetson_xavier: a small CNN with a softmax
// head (the DLA cannot run the softmax), the CLI run as a process (MENSA_CLI), outputs parsed.
#include "CliRunner.h"
#include "JsonCheck.h"

#include "model/GraphBuilder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace mensa;
using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

class MaeCli : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = fs::temp_directory_path() / ("mensa_mae_e2e_" + std::to_string(getpid()));
        fs::create_directories(s_dir);
        GraphBuilder b("cnn_softmax");
        std::string x = b.relu(b.conv(b.input("x", { 1, 3, 64, 64 }), 32, 3));
        x = b.relu(b.conv(x, 64, 3, 2));
        x = b.gemm(b.flatten(b.globalAvgPool(x)), 10);
        b.output(b.softmax(x));
        std::ofstream(s_dir / "cnn.onnx", std::ios::binary) << b.serialize();
    }
    static void TearDownTestSuite() { fs::remove_all(s_dir); }
    static std::string model() { return (s_dir / "cnn.onnx").string(); }
    void SetUp() override
    {
        ASSERT_TRUE(fs::exists(mensaCliPath())) << "set MENSA_CLI to the mensa binary";
    }
    static fs::path s_dir;
};
fs::path MaeCli::s_dir;

} // namespace

TEST_F(MaeCli, JsonHasFrontBaselinesWithFallbackAndMaeg)
{
    CliResult r
        = runMensa("schedule " + model() + " --system jetson_xavier --mae --format json", s_dir);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    JsonValue j = JsonReader::parse(r.out);
    ASSERT_EQ(j["singles"].array.size(), 3u);
    EXPECT_EQ(j["singles"].array[0]["unit"].string, "gpu");
    EXPECT_EQ(j["singles"].array[0]["fallback_layers"].number, 0);
    // The softmax cannot run on a DLA: each DLA baseline sends it back to the GPU.
    EXPECT_GE(j["singles"].array[1]["fallback_layers"].number, 1);
    EXPECT_NE(j["singles"].array[1]["label"].string.find("gpu fallback"), std::string::npos);
    EXPECT_EQ(j["sweep"].array.size(), 11u);
    EXPECT_FALSE(j["front"].array.empty());
    double best = 0;
    for (const auto& p : j["sweep"].array) {
        EXPECT_GE(p["maeg"].number, -1e-12);
        best = std::max(best, p["maeg"].number);
    }
    EXPECT_DOUBLE_EQ(j["maeg"].number, best);
}

TEST_F(MaeCli, TableAndCsvAgreeOnTheSweep)
{
    CliResult table = runMensa("schedule " + model() + " --system jetson_xavier --mae", s_dir);
    ASSERT_EQ(table.exitCode, 0) << table.err;
    EXPECT_NE(table.out.find("MAEG (best over w)"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("paper: up to 28%"), std::string::npos);
    CliResult csv
        = runMensa("schedule " + model() + " --system jetson_xavier --mae --format csv", s_dir);
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csv.out.rfind("kind,weight,latency_s,energy_j,transitions,maeg,label\n", 0), 0u);
    int sweepRows = 0;
    for (size_t at = csv.out.find("\nsweep,"); at != std::string::npos;
         at = csv.out.find("\nsweep,", at + 1))
        ++sweepRows;
    EXPECT_EQ(sweepRows, 11);
}

TEST_F(MaeCli, BadCombinationsExitTwo)
{
    for (const char* extra : { " --pareto", " --pipeline 2", " --format trace" }) {
        CliResult r = runMensa(
            "schedule " + model() + " --system jetson_xavier --mae" + std::string(extra), s_dir);
        EXPECT_EQ(r.exitCode, 2) << extra;
        EXPECT_NE(r.err.find("--mae"), std::string::npos) << r.err;
    }
}
