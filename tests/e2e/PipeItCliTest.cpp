// mensa schedule --pipe-it end to end on a sample CNN and the built-in hikey970: the table,
// CSV and JSON agree with each other, the trace holds several inferences, bad input exits 2.
#include "CliRunner.h"
#include "JsonCheck.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

using namespace mensa;
using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

class PipeItCli : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(fs::exists(mensaCliPath())) << "set MENSA_CLI to the mensa binary";
        m_dir = fs::temp_directory_path() / ("mensa_pipeit_e2e_" + std::to_string(getpid()));
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    CliResult run(const std::string& args) { return runMensa(args, m_dir); }
    std::string model() const
    {
        return "'" + (sourceDir() / "sample_models" / "mobilenet_v1.onnx").string() + "'";
    }
    fs::path m_dir;
};

} // namespace

TEST_F(PipeItCli, TableCsvAndJsonDescribeTheSamePipeline)
{
    CliResult table = run("schedule " + model() + " --system hikey970 --pipe-it");
    ASSERT_EQ(table.exitCode, 0) << table.err;
    EXPECT_NE(table.out.find("Pipeline "), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("best single cluster"), std::string::npos) << table.out;
    EXPECT_NE(table.out.find("data parallel"), std::string::npos) << table.out;

    CliResult json = run("schedule " + model() + " --system hikey970 --pipe-it --format json");
    ASSERT_EQ(json.exitCode, 0) << json.err;
    JsonValue v = JsonReader::parse(json.out);
    const JsonValue& pipe = v["pipe-it"];
    EXPECT_GT(pipe["throughput_per_s"].number, 0);
    // Throughput is one over the slowest stage, and no stage of the JSON is slower.
    EXPECT_NEAR(pipe["throughput_per_s"].number * pipe["bottleneck_s"].number, 1, 1e-9);
    int cores[2] = { 0, 0 };
    for (const auto& s : pipe["stages"].array) {
        EXPECT_LE(s["seconds"].number, pipe["bottleneck_s"].number);
        cores[s["cluster"].string == "a73" ? 0 : 1] += int(s["cores"].number);
    }
    EXPECT_LE(cores[0], 4);
    EXPECT_LE(cores[1], 4);
    // The search includes every single-cluster configuration: never below the best of them.
    EXPECT_GE(v["gain_over_single_cluster"].number, 0);
    EXPECT_NE(table.out.find(pipe["label"].string), std::string::npos);

    CliResult csv = run("schedule " + model() + " --system hikey970 --pipe-it --format csv");
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csv.out.rfind("configuration,stage,cluster", 0), 0u) << csv.out;
    EXPECT_NE(csv.out.find("\ndata_parallel,1,all,mixed,8,"), std::string::npos) << csv.out;
}

TEST_F(PipeItCli, TraceLaysOutSeveralInferences)
{
    CliResult trace = run("schedule " + model() + " --system hikey970 --pipe-it --format trace");
    ASSERT_EQ(trace.exitCode, 0) << trace.err;
    JsonValue v = JsonReader::parse(trace.out);
    EXPECT_TRUE(v.has("traceEvents"));
    EXPECT_NE(trace.out.find("\"inference\":2"), std::string::npos);
}

TEST_F(PipeItCli, BadInputExitsTwoInOneLine)
{
    CliResult edge = run("schedule " + model() + " --system edge_tpu --pipe-it");
    EXPECT_EQ(edge.exitCode, 2);
    EXPECT_NE(edge.err.find("Pipe-it needs a system of CPU clusters"), std::string::npos)
        << edge.err;
    CliResult both = run("schedule " + model() + " --system hikey970 --pipe-it --pipeline 2");
    EXPECT_EQ(both.exitCode, 2);
    EXPECT_NE(both.err.find("cannot be combined"), std::string::npos) << both.err;
}
