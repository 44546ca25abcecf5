// mensa schedule / mensa cluster end to end: models written with GraphBuilder, the CLI run as
// a process (MENSA_CLI), outputs parsed.
#include "JsonCheck.h"
#include "ReferenceModels.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace mensa;
using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

struct CliRun {
    int exitCode = -1;
    std::string out;
};

// MENSA_CLI, else the build tree's CLI next to this test binary (build/tests -> build/app/cli).
std::string cliPath()
{
    if (const char* cli = std::getenv("MENSA_CLI"))
        return cli;
    std::error_code ec;
    fs::path guess = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / "app" / "cli" / "mensa";
    return !ec && fs::exists(guess, ec) ? guess.string() : std::string();
}

CliRun runCli(const std::string& args)
{
    CliRun r;
    std::string cli = cliPath();
    if (cli.empty())
        return r;
    std::string command = cli + " " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
        r.out.append(buf.data(), n);
    int status = pclose(pipe);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class CliModels : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = fs::temp_directory_path() / ("mensa_sched_e2e_" + std::to_string(getpid()));
        fs::create_directories(s_dir);
        std::ofstream(s_dir / "mobilenet.onnx", std::ios::binary) << reference::mobileNetV2(96).serialize();
        GraphBuilder b("lstm_lm");
        std::string x = b.lstm(b.input("x", {10, 1, 128}), 256);
        b.output(b.matmulWeights(x, 1000));
        std::ofstream(s_dir / "lstm.onnx", std::ios::binary) << b.serialize();
    }
    static void TearDownTestSuite() { fs::remove_all(s_dir); }
    static std::string path(const char* name) { return (s_dir / name).string(); }
    void SetUp() override
    {
        if (cliPath().empty())
            GTEST_SKIP() << "MENSA_CLI not set and no mensa binary in the build tree";
    }
    static fs::path s_dir;
};
fs::path CliModels::s_dir;

} // namespace

TEST_F(CliModels, ScheduleJsonAndTraceParse)
{
    CliRun json = runCli("schedule " + path("mobilenet.onnx") + " --system mensa --objective edp --format json");
    ASSERT_EQ(json.exitCode, 0);
    JsonValue schedule = JsonReader::parse(json.out);
    EXPECT_EQ(schedule["strategy"].string, "mensa:edp");
    EXPECT_GT(schedule["latency_s"].number, 0);

    std::string tracePath = path("trace.json");
    CliRun trace = runCli("schedule " + path("mobilenet.onnx") + " --system mensa --format trace --out " + tracePath);
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
    CliRun pipe = runCli("schedule " + path("lstm.onnx") + " --system mensa --pipeline 2");
    ASSERT_EQ(pipe.exitCode, 0);
    EXPECT_NE(pipe.out.find("pipeline:2"), std::string::npos);
    CliRun pareto = runCli("schedule " + path("lstm.onnx") + " --system mensa --pareto --format csv");
    ASSERT_EQ(pareto.exitCode, 0);
    EXPECT_EQ(pareto.out.rfind("kind,weight,latency_s,energy_j,edp,gain", 0), 0u);
    EXPECT_EQ(runCli("schedule " + path("lstm.onnx") + " --system mensa --objective fastest").exitCode, 2);
    EXPECT_EQ(runCli("schedule " + path("lstm.onnx")).exitCode, 2);
    EXPECT_EQ(runCli("schedule " + path("missing.onnx") + " --system mensa").exitCode, 2);
}

TEST_F(CliModels, ClusterSeveralModelsAndFamilies)
{
    CliRun json = runCli("cluster " + path("mobilenet.onnx") + " " + path("lstm.onnx") + " --format json");
    ASSERT_EQ(json.exitCode, 0);
    JsonValue root = JsonReader::parse(json.out);
    EXPECT_EQ(root["models"].array.size(), 2u);
    EXPECT_TRUE(root.has("adjusted_rand_index"));
    CliRun fixed = runCli("cluster " + path("mobilenet.onnx") + " --k 3 --format csv");
    ASSERT_EQ(fixed.exitCode, 0);
    EXPECT_NE(fixed.out.find(",family,accelerator"), std::string::npos);
    std::ofstream(path("bad.textproto")) << "family {\n  name: \"x\"\n  nope: 1\n}\n";
    EXPECT_EQ(runCli("cluster " + path("mobilenet.onnx") + " --families " + path("bad.textproto")).exitCode, 2);
    EXPECT_EQ(runCli("cluster").exitCode, 2);
}
