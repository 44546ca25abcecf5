// Robustness of the `mensa` CLI (issue 7): very deep and very wide models, huge sparse external
// weight files, degenerate accelerator specs and unwritable output paths. Every case must end
// with a clean exit code and a one-line message, never a hang or a crash.
#include "CliRunner.h"
#include "model/GraphBuilder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace mensa;
using namespace mensa::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

namespace fs = std::filesystem;

size_t lineCount(const std::string& text)
{
    return size_t(std::count(text.begin(), text.end(), '\n'));
}

class Robustness : public CliTest {
protected:
    // A small model for the output-path tests.
    fs::path smallModel()
    {
        GraphBuilder g("small");
        auto x = g.input("x", { 1, 8, 16, 16 });
        g.output(g.relu(g.conv(x, 16, 3)));
        return write("small.onnx", g.serialize(WeightStorage::GraphInputs));
    }
};

// 5,000 conv+relu / add blocks: 10,000 layers after fusion.
std::string deepChain(WeightStorage storage)
{
    GraphBuilder g("deep");
    auto x = g.input("x", { 1, 8, 8, 8 });
    for (int i = 0; i < 5000; ++i)
        x = g.add(g.relu(g.conv(x, 8, 3)), x);
    g.output(x);
    return g.serialize(storage);
}

TEST_F(Robustness, TenThousandLayerModelRunsThroughInspectSimulateAndSchedule)
{
    fs::path model = write("deep.onnx", deepChain(WeightStorage::GraphInputs));
    CliResult inspect = run("inspect " + quoted(model) + " --format csv");
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    EXPECT_GE(lineCount(inspect.out), 10000u);

    CliResult simulate = run("simulate " + quoted(model) + " --accel mensa --format csv");
    ASSERT_EQ(simulate.exitCode, 0) << simulate.err;
    EXPECT_GE(lineCount(simulate.out), 10000u);

    CliResult schedule = run("schedule " + quoted(model) + " --system mensa --format csv");
    ASSERT_EQ(schedule.exitCode, 0) << schedule.err;
    EXPECT_GE(lineCount(schedule.out), 10000u);
}

TEST_F(Robustness, TenThousandLayerModelWithMissingExternalWeights)
{
    fs::path model = write("deep.onnx", deepChain(WeightStorage::ExternalMissing));
    CliResult inspect = run("inspect " + quoted(model) + " --format csv");
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    EXPECT_THAT(inspect.err, HasSubstr("external weight data not found"));
    EXPECT_GE(lineCount(inspect.out), 10000u);
}

TEST_F(Robustness, ThousandGraphInputsThroughInspectAndSimulate)
{
    GraphBuilder g("wide");
    std::vector<std::string> inputs;
    for (int i = 0; i < 1000; ++i)
        inputs.push_back(g.input("in" + std::to_string(i), { 1, 4, 8, 8 }));
    auto joined = g.concat(inputs, 1);
    auto summed = inputs.front();
    for (size_t i = 1; i < inputs.size(); ++i)
        summed = g.add(summed, inputs[i]);
    g.output(g.conv(joined, 16, 1));
    g.output(summed);
    fs::path model = write("wide.onnx", g.serialize());

    CliResult inspect = run("inspect " + quoted(model) + " --format csv");
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    // The 999 Adds are one fused elementwise chain reading every input once (256 int8 bytes
    // each) and doing 999 additions per output element.
    // A line scan, not std::regex: libstdc++'s matcher recurses once per character of the
    // line (it lists 1000 inputs) and overflows the stack of an unoptimised sanitizer build.
    std::string add;
    std::istringstream lines(inspect.out);
    for (std::string line; add.empty() && std::getline(lines, line);)
        if (line.find(",Elementwise,Add,") != std::string::npos)
            add = line;
    ASSERT_FALSE(add.empty()) << inspect.out;
    EXPECT_THAT(add,
        ::testing::HasSubstr(
            ",0," + std::to_string(999 * 256) + ",0,0," + std::to_string(1000 * 256) + ",256,"));
    EXPECT_THAT(inspect.out, ::testing::HasSubstr(",Concat,Concat,"));
    CliResult simulate = run("simulate " + quoted(model) + " --accel mensa --format csv");
    ASSERT_EQ(simulate.exitCode, 0) << simulate.err;
    EXPECT_THAT(simulate.out, ::testing::HasSubstr("Add"));
}

// A 2 GiB weight then a small one at an offset beyond 2^31: "big.weights.bin" must hold
// 2 GiB + 2 MiB + page padding; the file is made sparse so nothing is written.
fs::path bigExternalModel(const fs::path& dir, uintmax_t weightFileSize)
{
    GraphBuilder g("big");
    auto x = g.input("x", { 1, 16384 });
    g.output(g.gemm(g.matmulWeights(x, 32768), 16, false));
    fs::path model = dir / "big.onnx";
    std::ofstream(model, std::ios::binary) << g.serialize(WeightStorage::ExternalMissing);
    fs::path weights = dir / "big.weights.bin";
    std::ofstream(weights).close();
    EXPECT_EQ(::truncate(weights.c_str(), off_t(weightFileSize)), 0);
    return model;
}

constexpr uintmax_t kGiB = uintmax_t(1) << 30;
constexpr uintmax_t kBigWeightsEnd = 2 * kGiB + 32768 * 16 * 4; // end of the last tensor

TEST_F(Robustness, SparseTwoGigabyteExternalWeightsImportFromShapesOnly)
{
    fs::path model = bigExternalModel(m_dir, kBigWeightsEnd + 4096);
    struct stat st { };
    ASSERT_EQ(::stat((m_dir / "big.weights.bin").c_str(), &st), 0);
    EXPECT_LT(uintmax_t(st.st_blocks) * 512, 1024u * 1024u) << "the weight file should be sparse";

    CliResult inspect = run("inspect " + quoted(model) + " --format csv");
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    EXPECT_EQ(inspect.err, "") << "file present and long enough: no warning";
    EXPECT_THAT(inspect.out, HasSubstr("536870912")) << "16384x32768 parameters of the MatMul\n"
                                                     << inspect.out;
    CliResult simulate = run("simulate " + quoted(model) + " --accel edge_tpu --format csv");
    ASSERT_EQ(simulate.exitCode, 0) << simulate.err;
}

TEST_F(Robustness, TruncatedExternalWeightsGiveOneLineWarning)
{
    fs::path model = bigExternalModel(m_dir, kGiB);
    CliResult inspect = run("inspect " + quoted(model) + " --format csv");
    ASSERT_EQ(inspect.exitCode, 0) << inspect.err;
    EXPECT_EQ(lineCount(inspect.err), 1u) << inspect.err;
    EXPECT_THAT(inspect.err, HasSubstr("big.weights.bin"));
    EXPECT_THAT(inspect.err, HasSubstr("beyond the file size"));
}

fs::path specWithPeArray(const fs::path& dir, const std::string& rows, const std::string& cols)
{
    std::string spec = readWholeFile(sourceDir() / "resources/accelerators/edge_tpu.textproto");
    spec = std::regex_replace(spec, std::regex("pe_rows: *[0-9]+"), "pe_rows: " + rows);
    spec = std::regex_replace(spec, std::regex("pe_cols: *[0-9]+"), "pe_cols: " + cols);
    fs::path path = dir / "tiny.textproto";
    std::ofstream(path) << spec;
    return path;
}

TEST_F(Robustness, OneByOnePeArraySimulatesSanely)
{
    fs::path spec = specWithPeArray(m_dir, "1", "1");
    CliResult r
        = run("simulate " + quoted(smallModel()) + " --accel " + quoted(spec) + " --format csv");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The numbers, not the "# mapping policy ... per inference" header lines.
    std::string rows;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("#", 0) != 0)
            rows += line + "\n";
    EXPECT_THAT(rows, HasSubstr("layer"));
    EXPECT_THAT(rows, Not(HasSubstr("nan")));
    EXPECT_THAT(rows, Not(HasSubstr("inf")));
    // 16x16x16x8x9 MACs on one PE take at least that many cycles.
    CliResult json
        = run("simulate " + quoted(smallModel()) + " --accel " + quoted(spec) + " --format json");
    ASSERT_EQ(json.exitCode, 0) << json.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(json.out, m, std::regex("\"cycles\": *([0-9.e+]+)"))) << json.out;
    EXPECT_GE(std::stod(m[1]), 16.0 * 16 * 16 * 8 * 9);
}

TEST_F(Robustness, ZeroPeRowsIsABadSpecNamingTheField)
{
    fs::path spec = specWithPeArray(m_dir, "0", "64");
    CliResult r = run("simulate " + quoted(smallModel()) + " --accel " + quoted(spec));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_TRUE(std::regex_search(r.err, std::regex("tiny\\.textproto:[0-9]+:[0-9]+"))) << r.err;
    EXPECT_THAT(r.err, HasSubstr("pe_rows"));
}

// Makes a folder unwritable even for root (chattr +i), undone on destruction.
class LockedFolder {
public:
    explicit LockedFolder(fs::path dir)
        : m_dir(std::move(dir))
    {
        ::chmod(m_dir.c_str(), 0555);
        if (::geteuid() == 0)
            m_locked = std::system(("chattr +i '" + m_dir.string() + "' 2>/dev/null").c_str()) == 0;
        else
            m_locked = true;
    }
    ~LockedFolder()
    {
        if (::geteuid() == 0 && m_locked)
            std::system(("chattr -i '" + m_dir.string() + "'").c_str());
        ::chmod(m_dir.c_str(), 0755);
    }
    bool locked() const { return m_locked; }

private:
    fs::path m_dir;
    bool m_locked = false;
};

TEST_F(Robustness, ScheduleOutIntoReadOnlyFolderKeepsTheOldFile)
{
    fs::path model = smallModel();
    fs::path folder = m_dir / "locked";
    fs::create_directories(folder);
    fs::path target = folder / "schedule.csv";
    std::ofstream(target) << "old schedule";
    CliResult r;
    {
        LockedFolder lock(folder);
        if (!lock.locked())
            GTEST_SKIP() << "running as root without chattr: cannot make a folder read-only";
        r = run(
            "schedule " + quoted(model) + " --system mensa --format csv --out " + quoted(target));
    }
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_THAT(r.err, HasSubstr(target.string()));
    EXPECT_EQ(readWholeFile(target), "old schedule");
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1)
        << "no temp file left";
}

TEST_F(Robustness, ScheduleOutIntoMissingFolderFailsCleanly)
{
    fs::path target = m_dir / "no" / "such" / "folder" / "schedule.csv";
    CliResult r
        = run("schedule " + quoted(smallModel()) + " --system mensa --out " + quoted(target));
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_THAT(r.err, HasSubstr(target.string()));
    EXPECT_FALSE(fs::exists(m_dir / "no"));
}

TEST_F(Robustness, GenerateSamplesIntoReadOnlyFolderKeepsTheOldFiles)
{
    fs::path folder = m_dir / "samples";
    fs::create_directories(folder);
    std::ofstream(folder / "README.md") << "old readme";
    CliResult r;
    {
        LockedFolder lock(folder);
        if (!lock.locked())
            GTEST_SKIP() << "running as root without chattr: cannot make a folder read-only";
        r = run("generate-samples --out " + quoted(folder));
    }
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_THAT(r.err, HasSubstr(folder.string()));
    EXPECT_EQ(readWholeFile(folder / "README.md"), "old readme");
    EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1)
        << "no file left";
}

TEST_F(Robustness, GenerateSamplesUnderAFileFailsCleanly)
{
    fs::path blocker = write("blocker", "a file, not a folder");
    fs::path out = blocker / "samples";
    CliResult r = run("generate-samples --out " + quoted(out));
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(lineCount(r.err), 1u) << r.err;
    EXPECT_THAT(r.err, HasSubstr(out.string()));
    EXPECT_EQ(readWholeFile(blocker), "a file, not a folder");
}

} // namespace
