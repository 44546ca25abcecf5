// `mensa explore` end to end on a sample model: the files it writes (and that the best spec is
// one `mensa simulate --accel` runs to the same latency), bad input refused with exit code 2
// and nothing written, and shards merged into exactly the unsharded result.
#include "CliRunner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
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

// Every regular file under `dir`, as paths relative to it, sorted.
std::vector<std::string> filesUnder(const fs::path& dir)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file())
            names.push_back(fs::relative(entry.path(), dir).string());
    std::sort(names.begin(), names.end());
    return names;
}

// points.csv as its header and numeric rows (every cell of a point is a number).
struct PointsTable {
    std::vector<std::string> header;
    std::vector<std::vector<double>> rows;
    size_t column(const std::string& name) const
    {
        return size_t(std::find(header.begin(), header.end(), name) - header.begin());
    }
};

PointsTable readPoints(const fs::path& path)
{
    PointsTable t;
    std::stringstream csv(readWholeFile(path));
    std::string line;
    std::getline(csv, line);
    std::stringstream names(line);
    for (std::string name; std::getline(names, name, ',');)
        t.header.push_back(name);
    while (std::getline(csv, line)) {
        std::vector<double> cells;
        std::stringstream fields(line);
        for (std::string f; std::getline(fields, f, ',');)
            cells.push_back(std::stod(f));
        t.rows.push_back(cells);
    }
    return t;
}

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
    std::vector<std::string> expected { "best_area.textproto", "best_edp.textproto",
        "best_energy.textproto", "best_latency.textproto", "pareto.csv", "pareto.json",
        "points.csv", "sensitivity.csv", "summary.json" };
    if (figureRendererBuilt())
        expected.insert(expected.begin() + 4, "figures");
    EXPECT_EQ(filesIn(out), expected);
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
    EXPECT_NEAR(std::stod(m[1]), latencyMs, latencyMs * 5e-5); // JSON keeps 5 digits
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
    EXPECT_EQ(filesUnder(merged), filesUnder(whole));
    for (const std::string& name : filesUnder(whole)) // figures/ too, when they are drawn
        EXPECT_TRUE(readWholeFile(merged / name) == readWholeFile(whole / name)) << name;
}

// --jobs only spreads the evaluations over threads: every file is byte-identical to --jobs 1.
TEST_F(ExploreCli, JobsWriteExactlyTheSingleThreadedResult)
{
    const fs::path single = m_dir / "single", parallel = m_dir / "parallel";
    CliResult r = run("explore " + space() + " " + model() + " --out " + quoted(single)
        + " --jobs 1 --no-figures");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    r = run("explore " + space() + " " + model() + " --out " + quoted(parallel)
        + " --jobs 2 --no-figures");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    ASSERT_EQ(filesUnder(parallel), filesUnder(single));
    for (const std::string& name : filesUnder(single))
        EXPECT_TRUE(readWholeFile(parallel / name) == readWholeFile(single / name)) << name;
    EXPECT_EQ(
        run("explore " + space() + " " + model() + " --out " + quoted(m_dir / "none") + " --jobs 0")
            .exitCode,
        2);
    EXPECT_FALSE(fs::exists(m_dir / "none"));
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
    // The figures docs/design-space-exploration.md quotes (mJ, to its three decimals).
    EXPECT_NEAR(energy[0] * 1e3, 0.750, 5e-4);
    EXPECT_NEAR(energy[1] * 1e3, 0.922, 5e-4);
    EXPECT_NEAR(energy[2] * 1e3, 0.895, 5e-4);
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

namespace {

using Table = std::vector<std::vector<std::string>>;

// Rows of a CSV without quoted fields; "# ..." lines (a figure's provenance) are skipped.
Table csvRows(const std::string& text)
{
    Table rows;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("#", 0) == 0)
            continue;
        std::vector<std::string> fields;
        std::stringstream fieldsIn(line);
        std::string f;
        while (std::getline(fieldsIn, f, ','))
            fields.push_back(f);
        if (!line.empty() && line.back() == ',')
            fields.emplace_back();
        rows.push_back(fields);
    }
    return rows;
}

size_t column(const Table& t, const std::string& name)
{
    const auto it = std::find(t.front().begin(), t.front().end(), name);
    EXPECT_NE(it, t.front().end()) << name;
    return size_t(it - t.front().begin());
}

// The same number however it was printed (the figure CSV and points.csv may spell it apart).
bool sameNumber(const std::string& a, const std::string& b)
{
    return a.empty() ? b.empty() : !b.empty() && std::stod(a) == std::stod(b);
}

} // namespace

// The figures (Pareto scatter, sensitivity) are written beside the results and their CSVs carry
// exactly the run's numbers: every simulated point of points.csv, the front of pareto.csv, the
// rows of sensitivity.csv; the latency-energy front is checked against a direct computation.
TEST_F(ExploreCli, FiguresCarryTheRunsNumbers)
{
    if (!figureRendererBuilt())
        GTEST_SKIP() << "built without the GUI libraries: no figure renderer";
    const fs::path spaceFile = smallSpace("axes { field: \"pe_cols\" values: 16 values: 64 }\n"
                                          "constraints { max_latency_ms: 5 }\n"
                                          "objectives { name: \"latency\" }\n");
    const fs::path out = m_dir / "out";
    CliResult r = run("explore " + quoted(spaceFile) + " " + model() + " --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    for (const char* figure : { "pareto", "sensitivity" }) {
        for (const char* ext : { "pdf", "svg", "png", "csv" })
            EXPECT_GT(fs::file_size(out / "figures" / (std::string(figure) + "." + ext)), 100u)
                << figure << "." << ext;
        EXPECT_EQ(
            readWholeFile(out / "figures" / (std::string(figure) + ".pdf")).substr(0, 5), "%PDF-");
        EXPECT_EQ(
            readWholeFile(out / "figures" / (std::string(figure) + ".png")).substr(1, 3), "PNG");
        const std::string csv = readWholeFile(out / "figures" / (std::string(figure) + ".csv"));
        EXPECT_THAT(csv, testing::StartsWith("# Search space "));
        EXPECT_THAT(csv, HasSubstr("# search space space.textproto sha256 "));
    }

    const Table points = csvRows(readWholeFile(out / "points.csv"));
    const Table figure = csvRows(readWholeFile(out / "figures/pareto.csv"));
    ASSERT_EQ(figure.size(), points.size()); // every simulated point, plus the header
    std::set<std::string> front;
    for (const auto& row : csvRows(readWholeFile(out / "pareto.csv")))
        front.insert(row[0]);
    front.erase("index");
    ASSERT_FALSE(front.empty());
    int feasible = 0, infeasible = 0;
    for (size_t i = 1; i < points.size(); ++i) {
        const auto& p = points[i];
        const auto& f = figure[i];
        EXPECT_EQ(f[0], p[0]);
        for (const char* name : { "latency_s", "energy_j", "area_mm2", "feasible" })
            EXPECT_TRUE(sameNumber(f[column(figure, name)], p[column(points, name)]))
                << name << " of point " << p[0];
        EXPECT_EQ(f[column(figure, "pareto_front")], front.count(p[0]) ? "1" : "0") << p[0];
        (p[column(points, "feasible")] == "1" ? feasible : infeasible)++;
        // On the latency-energy front: feasible, and no feasible point beats it on both.
        bool dominated = false;
        const auto metric = [&](const std::vector<std::string>& row, const char* name) {
            return std::stod(row[column(points, name)]);
        };
        for (size_t j = 1; j < points.size(); ++j) {
            const auto& q = points[j];
            if (q[column(points, "feasible")] != "1")
                continue;
            const double ql = metric(q, "latency_s"), qe = metric(q, "energy_j");
            const double pl = metric(p, "latency_s"), pe = metric(p, "energy_j");
            dominated |= ql <= pl && qe <= pe && (ql < pl || qe < pe);
        }
        const bool onPlane = p[column(points, "feasible")] == "1" && !dominated;
        EXPECT_EQ(f[column(figure, "latency_energy_front")], onPlane ? "1" : "0") << p[0];
    }
    EXPECT_GT(feasible, 0);
    EXPECT_GT(infeasible, 0) << "the latency bound should cut some points";

    const Table sensitivity = csvRows(readWholeFile(out / "sensitivity.csv"));
    const Table drawn = csvRows(readWholeFile(out / "figures/sensitivity.csv"));
    ASSERT_EQ(drawn.size(), sensitivity.size());
    EXPECT_EQ(drawn.front(), sensitivity.front());
    EXPECT_EQ(sensitivity.size(), 1u + 4 + 2 + 2); // a row per axis value
    for (size_t i = 1; i < sensitivity.size(); ++i) {
        ASSERT_EQ(drawn[i].size(), sensitivity[i].size());
        EXPECT_EQ(drawn[i][0], sensitivity[i][0]);
        EXPECT_EQ(drawn[i][1], sensitivity[i][1]);
        for (size_t c = 2; c < sensitivity[i].size(); ++c)
            EXPECT_TRUE(sameNumber(drawn[i][c], sensitivity[i][c]))
                << sensitivity[i][0] << "=" << sensitivity[i][1] << " column " << c;
    }
    // --no-figures writes the results only.
    const fs::path bare = m_dir / "bare";
    ASSERT_EQ(run("explore " + quoted(spaceFile) + " " + model() + " --out " + quoted(bare)
                  + " --no-figures")
                  .exitCode,
        0);
    EXPECT_FALSE(fs::exists(bare / "figures"));
    EXPECT_TRUE(readWholeFile(bare / "points.csv") == readWholeFile(out / "points.csv"));
}

// The figures are drawn by the renderer: mensa-explore itself never loads Qt.
TEST(ExploreFigures, MensaExploreLoadsNoQtLibrary)
{
    const fs::path explore = fs::path(mensaCliPath()).parent_path() / "mensa-explore";
    ASSERT_TRUE(fs::exists(explore)) << explore;
    const std::string libraries
        = runShell("LD_TRACE_LOADED_OBJECTS=1 '" + explore.string() + "'").out;
    EXPECT_THAT(libraries, HasSubstr("libonnx")); // the listing worked
    EXPECT_EQ(libraries.find("libQt6"), std::string::npos) << libraries;
}

// The shipped accumulator x window-buffer space: every point valid, a larger window buffer costs
// SRAM area and saves energy until MobileNet v2's widest band fits (4 KiB), then only costs.
TEST_F(ExploreCli, InputReuseSpaceTradesSramAreaForEnergy)
{
    const fs::path out = m_dir / "reuse";
    const std::string space
        = quoted(sourceDir() / "resources/search_spaces/edge_tpu_input_reuse.textproto");
    CliResult r = run("explore " + space + " " + model() + " --no-figures --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("explored 63-point space (exhaustive): 63 simulated, 0 invalid"));
    const PointsTable points = readPoints(out / "points.csv");
    const size_t acc = points.column("accumulator.size_bytes"),
                 window = points.column("window_buffer.size_bytes");
    const size_t energy = points.column("energy_j"), area = points.column("area_mm2");
    ASSERT_LT(std::max({ acc, window, energy, area }), points.header.size());
    std::map<double, std::pair<double, double>> byWindow; // at a 1 MiB accumulator
    for (const auto& cells : points.rows)
        if (cells.at(acc) == 1048576)
            byWindow[cells.at(window)] = { cells.at(energy), cells.at(area) };
    ASSERT_EQ(byWindow.size(), 9u);
    EXPECT_LT(byWindow[4096].first, byWindow[256].first);
    EXPECT_EQ(byWindow[65536].first, byWindow[4096].first);
    // The figures docs/design-space-exploration.md quotes, to its four digits.
    EXPECT_NEAR(byWindow[256].first * 1e3, 1.134, 5e-4);
    EXPECT_NEAR(byWindow[4096].first * 1e3, 1.086, 5e-4);
    for (auto it = std::next(byWindow.begin()); it != byWindow.end(); ++it)
        EXPECT_GT(it->second.second, std::prev(it)->second.second) << it->first;
}

// The stationary-registers space: counts the register file cannot hold are invalid, more
// registers cut latency and energy on the Edge TPU's own 16 B register file, a larger register
// file costs energy per access (access_energy_exponent 0.5), and the front is the points whose
// register file is just large enough (the figures the doc quotes).
TEST_F(ExploreCli, StationaryRegistersSpaceTradesRegisterAreaForLatency)
{
    const fs::path out = m_dir / "registers";
    const std::string space
        = quoted(sourceDir() / "resources/search_spaces/edge_tpu_stationary_registers.textproto");
    CliResult r = run("explore " + space + " " + model() + " --no-figures --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("explored 24-point space (exhaustive): 18 simulated, 6 invalid"));
    EXPECT_THAT(r.out, HasSubstr("Pareto front 4 points"));
    const PointsTable points = readPoints(out / "points.csv");
    const std::vector<std::string> leading(
        points.header.begin(), points.header.begin() + std::min<size_t>(8, points.header.size()));
    EXPECT_EQ(leading,
        (std::vector<std::string> { "index", "stationary_registers_per_pe",
            "register_file_bytes_per_pe", "feasible", "latency_s", "energy_j", "edp_js",
            "area_mm2" }));
    std::map<double, std::pair<double, double>> at16; // registers -> latency, energy at 16 B
    std::map<double, double> oneRegister; // register-file bytes -> energy at R = 1
    std::map<double, double> justLargeEnough; // R = register-file bytes -> energy
    for (const auto& cells : points.rows) {
        if (cells.at(1) == cells.at(2))
            justLargeEnough[cells.at(1)] = cells.at(5);
        EXPECT_LE(cells.at(1), cells.at(2)); // only counts the register file holds
        if (cells.at(2) == 16)
            at16[cells.at(1)] = { cells.at(4), cells.at(5) };
        if (cells.at(1) == 1)
            oneRegister[cells.at(2)] = cells.at(5);
    }
    EXPECT_THAT(r.out,
        HasSubstr("access energies per byte scale as capacity^0.5 (access_energy_exponent) for: "
                  "register file\n"));
    ASSERT_EQ(oneRegister.size(), 4u);
    for (auto it = std::next(oneRegister.begin()); it != oneRegister.end(); ++it)
        EXPECT_GT(it->second, std::prev(it)->second) << it->first;
    EXPECT_NEAR(oneRegister[4] * 1e3, 1.007, 5e-4); // 0.23 pJ/B x 1/2 at 4 B
    EXPECT_NEAR(oneRegister[32] * 1e3, 1.197, 5e-4); // x sqrt(2) at 32 B
    EXPECT_NEAR(justLargeEnough[4] * 1e3, 0.935, 5e-4); // the front's two ends
    EXPECT_NEAR(justLargeEnough[32] * 1e3, 1.107, 5e-4);
    ASSERT_EQ(at16.size(), 5u);
    for (auto it = std::next(at16.begin()); it != at16.end(); ++it) {
        EXPECT_LT(it->second.first, std::prev(it)->second.first) << it->first;
        EXPECT_LT(it->second.second, std::prev(it)->second.second) << it->first;
    }
    EXPECT_NEAR(at16[1].first * 1e3, 1.729, 5e-4);
    EXPECT_NEAR(at16[16].first * 1e3, 1.545, 5e-4);
    EXPECT_NEAR(at16[1].second * 1e3, 1.111, 5e-4);
    EXPECT_NEAR(at16[16].second * 1e3, 1.023, 5e-4);
}
