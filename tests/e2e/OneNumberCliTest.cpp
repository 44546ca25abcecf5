// One number, one owner, end to end: on every bundled sample model, every built-in design and
// every objective, `mensa simulate`, `mensa schedule`, `mensa figures` (CSV) and `mensa reproduce`
// (CSV) print the same latency and energy: the same double, printed to round-trip precision.
#include "CliRunner.h"
#include "JsonCheck.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

using namespace mensa;
using namespace mensa::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kDesigns = { "edge_tpu", "eyeriss_v2", "mensa" };
const std::vector<std::string> kObjectives = { "edp", "latency", "energy", "weighted:0.5" };

std::vector<std::string> sampleModels()
{
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(sourceDir() / "sample_models"))
        if (e.path().extension() == ".onnx")
            names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::string> split(const std::string& line, char sep = ',')
{
    std::vector<std::string> out;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, sep);)
        out.push_back(field);
    if (!line.empty() && line.back() == sep)
        out.emplace_back();
    return out;
}

// Rows of a CSV as header -> value maps; "# ..." caption lines are skipped.
std::vector<std::map<std::string, std::string>> csvRows(const std::string& text)
{
    std::vector<std::map<std::string, std::string>> rows;
    std::stringstream in(text);
    std::vector<std::string> header;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto fields = split(line);
        if (header.empty()) {
            header = fields;
            continue;
        }
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size() && i < fields.size(); ++i)
            row[header[i]] = fields[i];
        rows.push_back(row);
    }
    return rows;
}

double number(const std::string& text)
{
    return std::strtod(text.c_str(), nullptr);
}

struct Totals {
    double latency = 0, energy = 0, throughput = 0;
};

class OneNumber : public CliTest, public ::testing::WithParamInterface<std::string> {
protected:
    std::string model() const
    {
        return "'" + (sourceDir() / "sample_models" / (GetParam() + ".onnx")).string() + "'";
    }

    Totals simulate(const std::string& design, const std::string& objective)
    {
        const CliResult r = run("simulate " + model() + " --accel " + design + " --objective "
            + objective + " --format json");
        EXPECT_EQ(r.exitCode, 0) << r.err;
        const JsonValue j = JsonReader::parse(r.out);
        EXPECT_EQ(j["objective"].string, objective);
        return { j["latency_s"].number, j["energy_j"].number, j["inferences_per_s"].number };
    }
    Totals schedule(const std::string& design, const std::string& objective)
    {
        const CliResult r = run("schedule " + model() + " --system " + design + " --objective "
            + objective + " --format json");
        EXPECT_EQ(r.exitCode, 0) << r.err;
        const JsonValue j = JsonReader::parse(r.out);
        return { j["latency_s"].number, j["energy_j"].number, j["throughput_per_s"].number };
    }
    // comparison.csv of `mensa figures` on this model: rows in design order.
    std::vector<Totals> figures(const std::string& objective)
    {
        const fs::path out
            = m_dir / ("figures_" + std::to_string(std::hash<std::string> {}(objective)));
        const CliResult r = run("figures " + model() + " --out '" + out.string()
            + "' --format csv --objective " + objective);
        if (!test::figureRendererBuilt())
            return {};
        EXPECT_EQ(r.exitCode, 0) << r.err;
        std::vector<Totals> totals;
        for (const auto& row : csvRows(readWholeFile(out / "comparison.csv")))
            if (row.at("model") != "geomean" && !row.at("throughput_inf_per_s").empty())
                totals.push_back({ 0, number(row.at("energy_j_per_inf")),
                    number(row.at("throughput_inf_per_s")) });
        return totals;
    }
};

} // namespace

TEST_P(OneNumber, SimulateScheduleAndFiguresAgreeOnEveryDesignAndObjective)
{
    for (const std::string& objective : kObjectives) {
        const std::vector<Totals> drawn = figures(objective);
        for (size_t d = 0; d < kDesigns.size(); ++d) {
            const std::string where = GetParam() + " on " + kDesigns[d] + " (" + objective + ")";
            const Totals sim = simulate(kDesigns[d], objective);
            const Totals sched = schedule(kDesigns[d], objective);
            EXPECT_GT(sim.latency, 0) << where;
            EXPECT_EQ(sim.latency, sched.latency) << where;
            EXPECT_EQ(sim.energy, sched.energy) << where;
            EXPECT_EQ(sim.throughput, sched.throughput) << where;
            if (drawn.empty())
                continue; // built without the GUI libraries: no figures command
            ASSERT_EQ(drawn.size(), kDesigns.size()) << where;
            EXPECT_EQ(drawn[d].energy, sim.energy) << where;
            EXPECT_EQ(drawn[d].throughput, sim.throughput) << where;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(SampleModels, OneNumber, ::testing::ValuesIn(sampleModels()),
    [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

class ReproduceAgrees : public CliTest { };

// The study's tables carry the same runs as `mensa simulate` on the bundled sample models.
TEST_F(ReproduceAgrees, EnergyAndLatencyTablesMatchSimulate)
{
    for (const std::string& objective : kObjectives) {
        const fs::path out = m_dir / std::to_string(std::hash<std::string> {}(objective));
        const CliResult r
            = run("reproduce --tables-only --out '" + out.string() + "' --objective " + objective);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        int compared = 0;
        for (const auto& row : csvRows(readWholeFile(out / "energy_breakdown.csv"))) {
            if (row.at("part") != "all")
                continue;
            const fs::path onnx = sourceDir() / "sample_models" / (row.at("model") + ".onnx");
            if (!fs::exists(onnx))
                continue;
            const CliResult s = run("simulate '" + onnx.string() + "' --accel " + row.at("design")
                + " --objective " + objective + " --format json");
            ASSERT_EQ(s.exitCode, 0) << s.err;
            EXPECT_EQ(number(row.at("total_j")), JsonReader::parse(s.out)["energy_j"].number)
                << row.at("model") << " on " << row.at("design") << " (" << objective << ")";
            ++compared;
        }
        EXPECT_GE(compared, 30) << "most sample models are in the study suite";
        for (const auto& row : csvRows(readWholeFile(out / "edge_tpu.csv"))) {
            const fs::path onnx = sourceDir() / "sample_models" / (row.at("model") + ".onnx");
            if (!fs::exists(onnx))
                continue;
            const CliResult s
                = run("simulate '" + onnx.string() + "' --accel edge_tpu --format json");
            EXPECT_EQ(number(row.at("latency_s")), JsonReader::parse(s.out)["latency_s"].number)
                << row.at("model");
        }
    }
}

class LevelsAgree : public CliTest { };

// With every optional storage block on (accumulator, window buffer, stationary registers), the
// per-level reads and writes `mensa simulate` prints are the ones the energy figure's data
// carries: the same doubles, from the one computation in core.
TEST_F(LevelsAgree, SimulateAndTheEnergyFigureCarryTheSameBytesPerLevel)
{
    if (!test::figureRendererBuilt())
        GTEST_SKIP() << "built without the GUI libraries: no figures command";
    const std::string spec
        = readWholeFile(sourceDir() / "resources/accelerators/edge_tpu.textproto")
        + "stationary_registers_per_pe: 16\n"
          "accumulator { size_bytes: 1048576 read_energy_pj_per_byte: 1 "
          "write_energy_pj_per_byte: 1 bytes_per_partial_sum: 4 }\n"
          "window_buffer { size_bytes: 65536 read_energy_pj_per_byte: 0.5 "
          "write_energy_pj_per_byte: 0.5 }\n";
    const std::string path = "'" + write("reuse.textproto", spec).string() + "'";
    const std::string onnx = "'" + (sourceDir() / "sample_models/mobilenet_v2.onnx").string() + "'";
    const CliResult s = run("simulate " + onnx + " --accel " + path + " --format json");
    ASSERT_EQ(s.exitCode, 0) << s.err;
    const CliResult f = run("figures " + onnx + " --accel " + path
        + " --figures energy --format csv" + " --out '" + (m_dir / "figs").string() + "'");
    ASSERT_EQ(f.exitCode, 0) << f.err;
    const auto rows = csvRows(readWholeFile(m_dir / "figs" / "energy_mobilenet_v2.csv"));
    ASSERT_EQ(rows.size(), 1u);
    const JsonValue sim = JsonReader::parse(s.out);
    EXPECT_EQ(number(rows[0].at("total (J)")), sim["energy_j"].number);
    int nonZero = 0;
    for (const JsonValue& level : sim["storage_levels"].array) {
        const std::string name = level["level"].string;
        EXPECT_EQ(number(rows[0].at(name + " read (B)")), level["read_bytes"].number) << name;
        EXPECT_EQ(number(rows[0].at(name + " written (B)")), level["write_bytes"].number) << name;
        nonZero += level["read_bytes"].number > 0;
    }
    EXPECT_EQ(nonZero, 5); // all but off-chip memory: MobileNet v2 stays on chip
}
