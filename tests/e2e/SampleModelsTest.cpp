// The committed sample_models/ are exactly what `mensa generate-samples` produces, and
// every one of them opens with the CLI.
#include "CliRunner.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> folderContents(const fs::path& dir)
{
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file())
            files[entry.path().filename().string()] = mensa::test::readWholeFile(entry.path());
    return files;
}

int run(const std::string& command)
{
    int status = std::system((command + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class SampleModels : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_cli = mensa::test::mensaCliPath();
        m_samples = mensa::test::sourceDir() / "sample_models";
        ASSERT_TRUE(fs::exists(m_cli))
            << "set MENSA_CLI to the mensa binary (tried " << m_cli << ")";
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

// docs/methodology.md quotes the geomean gains of `mensa reproduce` (section 10): each of its
// four figures must be this run's, rounded to two decimals.
static void expectDocsQuote(const std::string& gainsCsv)
{
    const size_t row = gainsCsv.find("geomean,all,");
    ASSERT_NE(row, std::string::npos) << gainsCsv;
    std::istringstream fields(gainsCsv.substr(row + 12, gainsCsv.find('\n', row) - row - 12));
    const char* labels[] = { "Mensa / Edge TPU throughput", "Mensa / Edge TPU energy efficiency",
        "Mensa / Eyeriss v2 throughput", "Mensa / Eyeriss v2 energy efficiency" };
    const std::string docs
        = mensa::test::readWholeFile(mensa::test::sourceDir() / "docs" / "methodology.md");
    for (const char* label : labels) {
        std::string field;
        std::getline(fields, field, ',');
        char expected[32];
        std::snprintf(expected, sizeof expected, "| %.2fx |", std::stod(field));
        const size_t line = docs.find(std::string("| ") + label + " |");
        ASSERT_NE(line, std::string::npos) << label;
        EXPECT_EQ(docs.substr(line + std::strlen(label) + 3, std::strlen(expected)), expected)
            << label << ": docs/methodology.md does not quote mensa reproduce";
    }
}

TEST_F(SampleModels, ReproduceWritesTheStudyTables)
{
    fs::path out = fs::temp_directory_path() / ("mensa_reproduce_" + std::to_string(::getpid()));
    fs::remove_all(out);
    ASSERT_EQ(run("'" + m_cli + "' reproduce --out '" + out.string() + "'"), 0);
    for (const char* name :
        { "edge_tpu.csv", "energy_breakdown.csv", "mensa_gains.csv", "families.csv", "clusters.csv",
            "summary.md", "pruning.csv", "pruning.md", "mae_gain.csv", "mae.md" })
        EXPECT_GT(fs::file_size(out / name), 100u) << name;
    EXPECT_NE(mensa::test::readWholeFile(out / "mae.md").find("paper-reported: up to 28.0%"),
        std::string::npos);
    const std::string gains = mensa::test::readWholeFile(out / "mensa_gains.csv");
    EXPECT_NE(gains.find("paper-reported"), std::string::npos);
    expectDocsQuote(gains);
    if (mensa::test::figureRendererBuilt()) { // built with the GUI libraries
        for (const char* stem :
            { "comparison", "comparison_vs_eyeriss_v2", "scatter_params_flopb", "clusters",
                "energy_lstm_language_model", "gantt_rnnt_streaming_mensa", "roofline_pavlov" })
            for (const char* ext : { ".pdf", ".svg", ".png", ".csv" })
                EXPECT_GT(fs::file_size(out / "figures" / (std::string(stem) + ext)), 100u)
                    << stem << ext;
        // The figures draw the same runs as the tables: the geomean gains agree.
        const std::string comparison
            = mensa::test::readWholeFile(out / "figures" / "comparison.csv");
        const size_t row = comparison.find("geomean,Mensa,Edge TPU,,,,");
        ASSERT_NE(row, std::string::npos) << comparison;
        const double figureGain = std::stod(comparison.substr(row + 26));
        const size_t all = gains.find("geomean,all,");
        ASSERT_NE(all, std::string::npos) << gains;
        EXPECT_NEAR(std::stod(gains.substr(all + 12)), figureGain, 1e-5 * figureGain)
            << "tables and figures disagree";
    }
    fs::remove_all(out);
    EXPECT_EQ(run("'" + m_cli + "' reproduce"), 2);
    EXPECT_EQ(run("'" + m_cli + "' reproduce --out /tmp/x --mensa /no/such/spec.textproto"), 2);
    EXPECT_EQ(run("'" + m_cli + "' reproduce --out /tmp/x --families /no/such/rules.textproto"), 2);
}
