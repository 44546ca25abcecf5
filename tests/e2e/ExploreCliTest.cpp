// `mensa explore` end to end on a sample model: the files it writes (and that the best spec is
// one `mensa simulate --accel` runs to the same latency), bad input refused with exit code 2
// and nothing written, and shards merged into exactly the unsharded result.
#include "CliRunner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using namespace mensa::test;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class ExploreCli : public CliTest {
protected:
    std::string model() { return quoted(sourceDir() / "sample_models/mobilenet_v2.onnx"); }
    std::string space()
    {
        return quoted(sourceDir() / "resources/search_spaces/edge_tpu_pe_buffer.textproto");
    }
    // A small space around the Edge TPU with `extra` lines appended.
    fs::path smallSpace(const std::string& extra)
    {
        return write("space.textproto",
            "base: \"edge_tpu\"\n"
            "axes { field: \"pe_rows\" range { min: 16 max: 64 step: 16 } }\n"
            "axes { field: \"dataflow\" choices: \"WEIGHT_STATIONARY\" choices: "
            "\"OUTPUT_STATIONARY\" }\n"
                + extra);
    }
    std::vector<std::string> filesIn(const fs::path& dir)
    {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir))
            names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

size_t lines(const std::string& text)
{
    return size_t(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_F(ExploreCli, WritesPointsFrontAndBestSpecs)
{
    const fs::path out = m_dir / "out";
    CliResult r = run("explore " + space() + " " + model() + " --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_EQ(filesIn(out),
        (std::vector<std::string> { "best_area.textproto", "best_edp.textproto",
            "best_energy.textproto", "best_latency.textproto", "pareto.csv", "pareto.json",
            "points.csv", "sensitivity.csv", "summary.json" }));
    const std::string points = readWholeFile(out / "points.csv");
    EXPECT_THAT(points,
        testing::StartsWith("index,pe_rows,pe_cols,parameter_buffer.size_bytes,dataflow,feasible,"
                            "latency_s,energy_j,edp_js,area_mm2,power_w,latency_s:mobilenet_v2,"
                            "energy_j:mobilenet_v2\n"));
    const std::string summary = readWholeFile(out / "summary.json");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(summary, m, std::regex(R"("evaluated": ([0-9]+))")));
    EXPECT_EQ(lines(points), std::stoul(m[1]) + 1); // every simulated point, plus the header
    EXPECT_THAT(summary, HasSubstr("\"points_in_space\": 640"));
    EXPECT_GT(lines(readWholeFile(out / "pareto.csv")), 2u);
    EXPECT_THAT(readWholeFile(out / "pareto.json"), HasSubstr("\"config\": {\"pe_rows\": "));
    // The best-EDP spec simulates to the latency explore reported for it.
    const std::string best = readWholeFile(out / "best_latency.textproto");
    ASSERT_TRUE(std::regex_search(best, m, std::regex(R"(# latency ([0-9.e-]+) s)")));
    const double latencyMs = std::stod(m[1]) * 1e3;
    CliResult sim = run("simulate " + model() + " --accel " + quoted(out / "best_latency.textproto")
        + " --format json");
    ASSERT_EQ(sim.exitCode, 0) << sim.err;
    ASSERT_TRUE(std::regex_search(sim.out, m, std::regex(R"("latency_ms": ([0-9.e-]+))")));
    EXPECT_NEAR(std::stod(m[1]), latencyMs, latencyMs * 1e-6);
}

TEST_F(ExploreCli, BadInputExitsTwoWithOneLineAndWritesNothing)
{
    struct Case {
        std::string extra;
        std::string where; // regex of the position
    };
    for (const Case& c :
        { Case { "axes { field: \"pe_colz\" values: 8 }\n", R"(space\.textproto:4:8: )" },
            Case { "axes { field: \"pe_cols\" range { min: 64 max: 8 step: 8 } }\n",
                R"(space\.textproto:4:[0-9]+: .*empty range)" },
            Case { "axes { field: \"pe_cols\" range { min: 8 max: 64 step: 10 } }\n",
                R"(space\.textproto:4:[0-9]+: .*never reaches)" },
            Case { "constraints { max_area_mm2: 0.01 }\n",
                R"(space\.textproto:4:15: constraints: no point)" },
            Case { "constraints {\n  max_latency_ms: 0.0001\n}\n",
                R"(space\.textproto:5:3: constraints: no point)" } }) {
        const fs::path spaceFile = smallSpace(c.extra);
        const fs::path out = m_dir / "never";
        CliResult r = run("explore " + quoted(spaceFile) + " " + model() + " --out " + quoted(out));
        EXPECT_EQ(r.exitCode, 2) << c.extra << r.out << r.err;
        std::string err
            = std::regex_replace(r.err, std::regex("mensa explore: warning:[^\n]*\n"), "");
        EXPECT_EQ(lines(err), 1u) << err;
        EXPECT_TRUE(std::regex_search(err, std::regex(c.where))) << err;
        EXPECT_FALSE(fs::exists(out)) << c.extra;
    }
    // An existing output folder stays as it was: no points.csv, no temporary file.
    const fs::path existing = m_dir / "existing";
    fs::create_directories(existing);
    CliResult r = run("explore " + quoted(smallSpace("constraints { max_area_mm2: 0.01 }\n")) + " "
        + model() + " --out " + quoted(existing));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(fs::is_empty(existing));
    EXPECT_EQ(run("explore " + quoted(smallSpace("")) + " " + model()).exitCode, 2); // no --out
    EXPECT_EQ(
        run("explore " + quoted(smallSpace("")) + " " + model() + " --out x --shard 3/2").exitCode,
        2);
}

TEST_F(ExploreCli, ShardsMergeIntoExactlyTheUnshardedResult)
{
    const fs::path whole = m_dir / "whole";
    ASSERT_EQ(run("explore " + space() + " " + model() + " --out " + quoted(whole)).exitCode, 0);
    std::string shards;
    for (int k = 1; k <= 3; ++k) {
        const fs::path dir = m_dir / ("shard" + std::to_string(k));
        CliResult r = run("explore " + space() + " " + model() + " --out " + quoted(dir)
            + " --shard " + std::to_string(k) + "/3");
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_TRUE(fs::exists(dir / "shard.complete"));
        shards += " " + quoted(dir);
    }
    // Two of three shards, or a shard without its completion marker (interrupted), never merge.
    const fs::path partial = m_dir / "partial";
    EXPECT_EQ(run("explore merge " + quoted(partial) + " " + quoted(m_dir / "shard1") + " "
                  + quoted(m_dir / "shard2"))
                  .exitCode,
        2);
    EXPECT_FALSE(fs::exists(partial));
    fs::rename(m_dir / "shard3" / "shard.complete", m_dir / "marker");
    CliResult interrupted = run("explore merge " + quoted(partial) + shards);
    EXPECT_EQ(interrupted.exitCode, 2);
    EXPECT_THAT(interrupted.err, HasSubstr("did not finish"));
    EXPECT_FALSE(fs::exists(partial));
    fs::rename(m_dir / "marker", m_dir / "shard3" / "shard.complete");

    const fs::path merged = m_dir / "merged";
    CliResult r = run("explore merge " + quoted(merged) + shards);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(filesIn(merged), filesIn(whole));
    for (const std::string& name : filesIn(whole))
        EXPECT_EQ(readWholeFile(merged / name), readWholeFile(whole / name)) << name;
}

// A shard stopped part way (Ctrl-C, a killed cluster task) leaves no points.csv, no marker and
// no temporary file, and merge refuses its folder.
TEST_F(ExploreCli, InterruptedShardLeavesNothingMergeWouldTake)
{
    const fs::path spaceFile = write("big.textproto",
        "base: \"edge_tpu\"\n"
        "axes { field: \"pe_rows\" range { min: 8 max: 256 step: 8 } }\n"
        "axes { field: \"pe_cols\" range { min: 8 max: 256 step: 8 } }\n"
        "axes { field: \"parameter_buffer.size_bytes\" range { min: 262144 max: 33554432 "
        "powers_of_two: true } }\n"
        "axes { field: \"activation_buffer.size_bytes\" range { min: 262144 max: 8388608 "
        "powers_of_two: true } }\n");
    const fs::path shard = m_dir / "shard";
    // ~50,000 points take seconds; the shard is interrupted after half a second.
    CliResult r = runMensa(
        "explore " + quoted(spaceFile) + " " + model() + " --out " + quoted(shard) + " --shard 1/1",
        m_dir, "timeout -s INT 0.5 ");
    EXPECT_NE(r.exitCode, 0) << "finished before the interrupt: make the space larger";
    if (fs::exists(shard)) {
        EXPECT_TRUE(fs::is_empty(shard)) << filesIn(shard).front();
    }
    const fs::path merged = m_dir / "merged";
    EXPECT_EQ(run("explore merge " + quoted(merged) + " " + quoted(shard)).exitCode, 2);
    EXPECT_FALSE(fs::exists(merged));
}

TEST_F(ExploreCli, CodesignComparesJointHardwareOnlyAndModelOnlySearch)
{
    const fs::path out = m_dir / "codesign";
    const std::string space
        = quoted(sourceDir() / "resources/search_spaces/mobilenet_codesign.textproto");
    CliResult r = run("explore " + space + " --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("co-design, best energy within the constraints:"));
    EXPECT_THAT(r.out, HasSubstr("hardware only (model: mobilenet_v2_1.0_224): "));
    const std::string csv = readWholeFile(out / "codesign.csv");
    ASSERT_EQ(lines(csv), 4u) << csv;
    // Joint search never loses to either restricted search: compare the energy column.
    std::vector<double> energy;
    std::stringstream rows(csv);
    std::string row;
    std::getline(rows, row);
    EXPECT_EQ(row, "search,held,energy,model,top1,latency_s,energy_j,area_mm2,hardware");
    while (std::getline(rows, row)) {
        const size_t first = row.find(',', row.find(',') + 1);
        energy.push_back(std::stod(row.substr(first + 1)));
    }
    ASSERT_EQ(energy.size(), 3u);
    EXPECT_LE(energy[0], energy[1]);
    EXPECT_LE(energy[0], energy[2]);
    EXPECT_THAT(readWholeFile(out / "points.csv"), HasSubstr(",power_w,top1,"));
    EXPECT_THAT(readWholeFile(out / "best_energy.textproto"), HasSubstr("# model mobilenet_v"));

    CliResult withModel = run("explore " + space + " " + model() + " --out " + quoted(m_dir / "x"));
    EXPECT_EQ(withModel.exitCode, 2);
    EXPECT_THAT(withModel.err, HasSubstr("takes no MODEL arguments"));
    EXPECT_FALSE(fs::exists(m_dir / "x"));
}

TEST_F(ExploreCli, CodesignShardsMergeIntoTheUnshardedComparison)
{
    const fs::path spaceFile = write("codesign.textproto",
        "base: \"edge_tpu\"\n"
        "model_axis { families: \"mobilenet_v1\" widths: 0.25 widths: 0.5 }\n"
        "axes { field: \"pe_rows\" values: 16 values: 64 }\n"
        "objectives { name: \"energy\" }\n");
    const std::string space = quoted(spaceFile);
    ASSERT_EQ(run("explore " + space + " --out " + quoted(m_dir / "whole")).exitCode, 0);
    std::string shards;
    for (int k = 1; k <= 2; ++k) {
        const fs::path dir = m_dir / ("s" + std::to_string(k));
        ASSERT_EQ(
            run("explore " + space + " --shard " + std::to_string(k) + "/2 --out " + quoted(dir))
                .exitCode,
            0);
        shards += " " + quoted(dir);
    }
    CliResult merged = run("explore merge " + quoted(m_dir / "merged") + shards);
    ASSERT_EQ(merged.exitCode, 0) << merged.err;
    for (const char* file : { "codesign.csv", "points.csv", "pareto.csv", "summary.json" })
        EXPECT_EQ(readWholeFile(m_dir / "merged" / file), readWholeFile(m_dir / "whole" / file))
            << file;
}
