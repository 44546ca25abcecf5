// mensa schedule / mensa cluster end to end: models written with GraphBuilder, the CLI run as
// a process (MENSA_CLI), outputs parsed.
#include "CliRunner.h"
#include "JsonCheck.h"
#include "ReferenceModels.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace mensa;
using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

class CliModels : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = fs::temp_directory_path() / ("mensa_sched_e2e_" + std::to_string(getpid()));
        fs::create_directories(s_dir);
        std::ofstream(s_dir / "mobilenet.onnx", std::ios::binary)
            << reference::mobileNetV2(96).serialize();
        GraphBuilder b("lstm_lm");
        std::string x = b.lstm(b.input("x", { 10, 1, 128 }), 256);
        b.output(b.matmulWeights(x, 1000));
        std::ofstream(s_dir / "lstm.onnx", std::ios::binary) << b.serialize();
    }
    static void TearDownTestSuite() { fs::remove_all(s_dir); }
    static std::string path(const char* name) { return (s_dir / name).string(); }
    // out holds stdout only: the tests parse it.
    static test::CliResult runMensaOut(const std::string& args)
    {
        return test::runMensa(args, s_dir);
    }
    void SetUp() override
    {
        ASSERT_TRUE(fs::exists(test::mensaCliPath())) << "set MENSA_CLI to the mensa binary";
    }
    static fs::path s_dir;
};
fs::path CliModels::s_dir;

} // namespace

TEST_F(CliModels, ScheduleJsonAndTraceParse)
{
    test::CliResult json = runMensaOut(
        "schedule " + path("mobilenet.onnx") + " --system mensa --objective edp --format json");
    ASSERT_EQ(json.exitCode, 0);
    JsonValue schedule = JsonReader::parse(json.out);
    EXPECT_EQ(schedule["strategy"].string, "mensa:edp");
    EXPECT_GT(schedule["latency_s"].number, 0);

    std::string tracePath = path("trace.json");
    test::CliResult trace = runMensaOut(
        "schedule " + path("mobilenet.onnx") + " --system mensa --format trace --out " + tracePath);
    ASSERT_EQ(trace.exitCode, 0);
    EXPECT_TRUE(trace.out.empty());
    std::ifstream in(tracePath);
    std::stringstream text;
    text << in.rdbuf();
    JsonValue root = JsonReader::parse(text.str());
    EXPECT_GT(root["traceEvents"].array.size(), 10u);
}

TEST_F(CliModels, PipelineParetoAndBadInput)
{
    test::CliResult pipe
        = runMensaOut("schedule " + path("lstm.onnx") + " --system mensa --pipeline 2");
    ASSERT_EQ(pipe.exitCode, 0);
    EXPECT_NE(pipe.out.find("pipeline:2"), std::string::npos);
    test::CliResult pareto
        = runMensaOut("schedule " + path("lstm.onnx") + " --system mensa --pareto --format csv");
    ASSERT_EQ(pareto.exitCode, 0);
    EXPECT_EQ(pareto.out.rfind("kind,weight,latency_s,energy_j,edp,gain", 0), 0u);
    EXPECT_EQ(runMensaOut("schedule " + path("lstm.onnx") + " --system mensa --objective fastest")
                  .exitCode,
        2);
    EXPECT_EQ(runMensaOut("schedule " + path("lstm.onnx")).exitCode, 2);
    EXPECT_EQ(runMensaOut("schedule " + path("missing.onnx") + " --system mensa").exitCode, 2);
}

TEST_F(CliModels, ClusterSeveralModelsAndFamilies)
{
    test::CliResult json = runMensaOut(
        "cluster " + path("mobilenet.onnx") + " " + path("lstm.onnx") + " --format json");
    ASSERT_EQ(json.exitCode, 0);
    JsonValue root = JsonReader::parse(json.out);
    EXPECT_EQ(root["models"].array.size(), 2u);
    EXPECT_TRUE(root.has("adjusted_rand_index"));
    test::CliResult fixed
        = runMensaOut("cluster " + path("mobilenet.onnx") + " --k 3 --format csv");
    ASSERT_EQ(fixed.exitCode, 0);
    EXPECT_NE(fixed.out.find(",family,accelerator"), std::string::npos);
    std::ofstream(path("bad.textproto")) << "family {\n  name: \"x\"\n  nope: 1\n}\n";
    EXPECT_EQ(
        runMensaOut("cluster " + path("mobilenet.onnx") + " --families " + path("bad.textproto"))
            .exitCode,
        2);
    EXPECT_EQ(runMensaOut("cluster").exitCode, 2);
}
