// The committed sample_models/ are exactly what `mensa generate-samples` produces, and
// every one of them opens with the CLI.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::string env(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::string readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::map<std::string, std::string> folderContents(const fs::path& dir)
{
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file())
            files[entry.path().filename().string()] = readFile(entry.path());
    return files;
}

int run(const std::string& command)
{
    int status = std::system((command + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// MENSA_CLI as ctest sets it; otherwise the mensa binary of this build tree (tests/ and
// app/cli/ are siblings in the build folder), e.g. when the test binary runs by hand.
std::string cliPath()
{
    if (std::string cli = env("MENSA_CLI"); !cli.empty())
        return cli;
    fs::path self = fs::read_symlink("/proc/self/exe");
    fs::path sibling = self.parent_path().parent_path() / "app" / "cli" / "mensa";
    return fs::exists(sibling) ? sibling.string() : "";
}

std::string sourceDir()
{
    std::string dir = env("MENSA_SOURCE_DIR");
    return dir.empty() ? MENSA_SOURCE_DIR : dir;
}

class SampleModels : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_cli = cliPath();
        m_samples = fs::path(sourceDir()) / "sample_models";
        ASSERT_FALSE(m_cli.empty()) << "MENSA_CLI is not set and no mensa binary is beside the tests";
        ASSERT_TRUE(fs::is_directory(m_samples)) << m_samples;
    }
    std::string m_cli;
    fs::path m_samples;
};

} // namespace

TEST_F(SampleModels, CommittedFilesAreExactlyWhatTheGeneratorWrites)
{
    fs::path out = fs::temp_directory_path() / ("mensa_samples_" + std::to_string(::getpid()));
    fs::remove_all(out);
    ASSERT_EQ(run("'" + m_cli + "' generate-samples --out '" + out.string() + "'"), 0);
    auto generated = folderContents(out);
    auto committed = folderContents(m_samples);
    fs::remove_all(out);
    ASSERT_GE(generated.size(), 17u); // 16+ models and the README
    for (const auto& [name, bytes] : generated) {
        ASSERT_TRUE(committed.count(name)) << name << " is generated but not committed";
        EXPECT_TRUE(committed[name] == bytes) << name << " differs: run mensa generate-samples";
    }
    for (const auto& [name, bytes] : committed)
        EXPECT_TRUE(generated.count(name)) << name << " is committed but no longer generated";
    EXPECT_TRUE(committed.count("mobilenet_v2.onnx")); // the app's default model
}

TEST_F(SampleModels, EveryCommittedModelOpensWithTheCli)
{
    int models = 0;
    for (const auto& entry : fs::directory_iterator(m_samples)) {
        if (entry.path().extension() != ".onnx")
            continue;
        ++models;
        EXPECT_EQ(run("'" + m_cli + "' inspect '" + entry.path().string() + "'"), 0)
            << entry.path();
    }
    EXPECT_GE(models, 16);
}

TEST_F(SampleModels, GeneratorRejectsAMissingOutputFolder)
{
    EXPECT_EQ(run("'" + m_cli + "' generate-samples"), 2);
    EXPECT_EQ(run("'" + m_cli + "' generate-samples --out /tmp/x --bogus 1"), 2);
}

TEST_F(SampleModels, ReproduceWritesTheStudyTables)
{
    fs::path out = fs::temp_directory_path() / ("mensa_reproduce_" + std::to_string(::getpid()));
    fs::remove_all(out);
    ASSERT_EQ(run("'" + m_cli + "' reproduce --out '" + out.string() + "'"), 0);
    for (const char* name : {"edge_tpu.csv", "energy_breakdown.csv", "mensa_gains.csv",
                             "families.csv", "clusters.csv", "summary.md"})
        EXPECT_GT(fs::file_size(out / name), 100u) << name;
    EXPECT_NE(readFile(out / "mensa_gains.csv").find("paper-reported"), std::string::npos);
    fs::remove_all(out);
    EXPECT_EQ(run("'" + m_cli + "' reproduce"), 2);
    EXPECT_EQ(run("'" + m_cli + "' reproduce --out /tmp/x --mensa /no/such/spec.textproto"), 2);
    EXPECT_EQ(run("'" + m_cli + "' reproduce --out /tmp/x --families /no/such/rules.textproto"), 2);
}
