// End-to-end: `mensa simulate` on ONNX files built with GraphBuilder.
#include "CliRunner.h"
#include "JsonCheck.h"
#include "QdqModels.h"
#include "model/GraphBuilder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace mensa;
using ::testing::HasSubstr;

namespace {

class SimulateCommand : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = std::filesystem::temp_directory_path()
            / ("mensa_simulate_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
        GraphBuilder b("rcnn");
        auto x = b.relu(b.conv(b.input("frames", { 1, 1, 32, 32 }), 16, 3, 2));
        x = b.reshape(x, { 16, 1, 256 }); // 16 steps of 256 features
        x = b.lstm(x, 768); // 3 MB of weights: more than pascal holds, so it runs near data
        b.output(b.matmulWeights(x, 64));
        std::ofstream(model(), std::ios::binary) << b.serialize();
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string model() const { return (m_dir / "rcnn.onnx").string(); }
    std::string write(const std::string& name, const std::string& text) const
    {
        std::ofstream((m_dir / name).string()) << text;
        return (m_dir / name).string();
    }

    std::filesystem::path m_dir;
};

} // namespace

TEST_F(SimulateCommand, TableOnEdgeTpuShowsLayersAndTotals)
{
    test::CliResult run = test::runMensaMerged("simulate '" + model() + "' --accel edge_tpu");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_THAT(run.out, HasSubstr("accelerator: edge_tpu"));
    EXPECT_THAT(run.out, HasSubstr("LSTM"));
    EXPECT_THAT(run.out, HasSubstr("TOPS/W"));
    EXPECT_THAT(run.out, HasSubstr("inferences/s"));
    EXPECT_THAT(run.out, HasSubstr("offchip_uj"));
}

TEST_F(SimulateCommand, SystemJsonAssignsLayersAndListsEachAccelerator)
{
    test::CliResult run
        = test::runMensaMerged("simulate '" + model() + "' --accel mensa --format json");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_THAT(run.out, HasSubstr("\"objective\": \"edp\"")); // the default mapping policy
    EXPECT_THAT(run.out, HasSubstr("\"residency\": \"parameters: "));
    EXPECT_THAT(run.out, HasSubstr("\"accelerator\": \"pavlov\""));
    EXPECT_THAT(run.out, HasSubstr("pascal alone"));
    EXPECT_THAT(run.out, HasSubstr("\"tops_per_w\": "));
}

// Each layer's mapping and the number of legal mappings the objective chose among, as the
// cost model reported them (mappingSummary, folds.mappingCandidates).
TEST_F(SimulateCommand, LayersCarryTheirMappingAndItsObjective)
{
    for (const char* objective : { "latency", "energy" }) {
        test::CliResult run = test::runMensa(
            "simulate '" + model() + "' --accel eyeriss_v2 --format json --objective " + objective,
            m_dir);
        ASSERT_EQ(run.exitCode, 0) << run.err;
        const test::JsonValue doc = test::JsonReader::parse(run.out);
        int onArray = 0;
        for (const auto& layer : doc["layers"].array) {
            const std::string& mapping = layer["mapping"].string;
            if (mapping == "vector path") {
                EXPECT_EQ(layer["mapping_candidates"].number, 0);
                continue;
            }
            ++onArray;
            EXPECT_EQ(mapping.rfind("row stationary, sets ", 0), 0u) << mapping;
            EXPECT_GE(layer["mapping_candidates"].number, 1) << mapping;
        }
        EXPECT_GT(onArray, 0);
    }
}

TEST_F(SimulateCommand, CsvHasOneRowPerLayer)
{
    test::CliResult run
        = test::runMensaMerged("simulate '" + model() + "' --accel eyeriss_v2 --format csv");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_THAT(run.out, HasSubstr("layer,kind,accelerator,cycles"));
    EXPECT_THAT(run.out, HasSubstr("eyeriss_v2"));
}

// Reads and writes per storage level: per layer in CSV and JSON, the model's totals in JSON
// and in the text report; the buffers' and registers' joules are the energy components'.
TEST_F(SimulateCommand, StorageLevelsSplitTheTrafficAndEnergy)
{
    test::CliResult csv
        = test::runMensaMerged("simulate '" + model() + "' --accel eyeriss_v2 --format csv");
    ASSERT_EQ(csv.exitCode, 0) << csv.out;
    EXPECT_THAT(csv.out,
        HasSubstr("dram_read_bytes,dram_write_bytes,param_store_read_bytes,param_store_write_bytes,"
                  "act_store_read_bytes,act_store_write_bytes,window_buffer_read_bytes,"
                  "window_buffer_write_bytes,accumulator_read_bytes,accumulator_write_bytes,"
                  "register_read_bytes,register_write_bytes"));
    test::CliResult text = test::runMensaMerged("simulate '" + model() + "' --accel mensa");
    ASSERT_EQ(text.exitCode, 0) << text.out;
    EXPECT_THAT(text.out, HasSubstr("storage levels (whole model):"));
    EXPECT_THAT(text.out, HasSubstr("PE registers: "));
    test::CliResult json
        = test::runMensa("simulate '" + model() + "' --accel mensa --format json", m_dir);
    ASSERT_EQ(json.exitCode, 0) << json.err;
    const test::JsonValue doc = test::JsonReader::parse(json.out);
    const auto& levels = doc["storage_levels"].array;
    ASSERT_EQ(levels.size(), 6u);
    EXPECT_EQ(levels[0]["level"].string, "off-chip memory");
    EXPECT_EQ(levels[3]["level"].string, "window buffer");
    EXPECT_EQ(levels[4]["level"].string, "accumulator");
    EXPECT_EQ(levels[5]["level"].string, "PE registers");
    for (size_t optional : { 3u, 4u }) // none on mensa
        EXPECT_EQ(
            levels[optional]["read_bytes"].number + levels[optional]["write_bytes"].number, 0);
    const auto& energy = doc["energy_components_j"];
    EXPECT_NEAR(levels[1]["joules"].number + levels[2]["joules"].number + levels[3]["joules"].number
            + levels[4]["joules"].number,
        energy["On-chip buffers"].number, 1e-12 * energy["On-chip buffers"].number);
    EXPECT_NEAR(levels[5]["joules"].number, energy["Register file"].number,
        1e-12 * energy["Register file"].number);
    EXPECT_GT(levels[5]["read_bytes"].number, levels[5]["write_bytes"].number);
    const auto& layer = doc["layers"].array.front();
    EXPECT_TRUE(layer.has("register_read_bytes"));
    EXPECT_TRUE(layer.has("act_store_write_bytes"));
    EXPECT_TRUE(layer.has("mapping"));
    // The energy figure's data carries the same level totals (one number, one owner).
    if (!test::figureRendererBuilt())
        return;
    const std::filesystem::path out = m_dir / "figures";
    test::CliResult figures = test::runMensa("figures '" + model() + "' --accel mensa --out '"
            + out.string() + "' --figures energy --format csv",
        m_dir);
    ASSERT_EQ(figures.exitCode, 0) << figures.err;
    std::vector<std::vector<std::string>> rows; // header, then the one Mensa bar
    std::stringstream energyCsv(test::readWholeFile(out / "energy_rcnn.csv"));
    for (std::string line; std::getline(energyCsv, line);)
        if (!line.empty() && line[0] != '#') {
            rows.emplace_back();
            std::stringstream fields(line);
            for (std::string f; std::getline(fields, f, ',');)
                rows.back().push_back(f);
        }
    ASSERT_EQ(rows.size(), 2u);
    auto cell = [&](const std::string& column) {
        const auto at = std::find(rows[0].begin(), rows[0].end(), column);
        EXPECT_NE(at, rows[0].end()) << column;
        return std::stod(rows[1].at(size_t(at - rows[0].begin())));
    };
    EXPECT_EQ(cell("off-chip memory read (B)"), levels[0]["read_bytes"].number);
    EXPECT_EQ(cell("PE registers written (B)"), levels[5]["write_bytes"].number);
}

TEST_F(SimulateCommand, CustomSpecFileAndItsErrors)
{
    std::string good = write("tiny.textproto", R"(name: "tiny"
placement: ON_CHIP
pe_rows: 1
pe_cols: 1
macs_per_pe_per_cycle: 1
clock_mhz: 100
dataflow: OUTPUT_STATIONARY
global_buffer { size_bytes: 4096 read_energy_pj_per_byte: 1 write_energy_pj_per_byte: 1 bandwidth_bytes_per_cycle: 4 }
memory { kind: OFF_CHIP_DRAM bandwidth_gb_per_s: 1 energy_pj_per_byte: 50 }
mac_energy_pj: 0.2
register_file_energy_pj_per_byte: 0.2
static_power_w: 0.001
vector { lanes: 1 energy_pj_per_op: 0.1 }
)");
    test::CliResult ok = test::runMensaMerged("simulate '" + model() + "' --accel '" + good + "'");
    EXPECT_EQ(ok.exitCode, 0) << ok.out;
    EXPECT_THAT(ok.out, HasSubstr("accelerator: tiny"));

    std::string bad = write("bad.textproto", "name: \"bad\"\npe_rows: 0\n");
    test::CliResult semantic
        = test::runMensaMerged("simulate '" + model() + "' --accel '" + bad + "'");
    EXPECT_EQ(semantic.exitCode, 2);
    EXPECT_THAT(semantic.out, HasSubstr("bad.textproto:2:1: field pe_rows: must be > 0"));

    std::string broken = write("broken.textproto", "name: \"x\"\npe_rows: {\n");
    test::CliResult syntax
        = test::runMensaMerged("simulate '" + model() + "' --accel '" + broken + "'");
    EXPECT_EQ(syntax.exitCode, 2);
    EXPECT_THAT(syntax.out, HasSubstr("broken.textproto:2:"));
}

TEST_F(SimulateCommand, BadArgumentsExitWithTwo)
{
    EXPECT_EQ(test::runMensaMerged("simulate '" + model() + "'").exitCode, 2); // no --accel
    EXPECT_EQ(test::runMensaMerged("simulate '" + model() + "' --accel warp_drive").exitCode,
        2); // unknown spec
    EXPECT_EQ(
        test::runMensaMerged("simulate '" + model() + "' --accel edge_tpu --format xml").exitCode,
        2);
    EXPECT_EQ(test::runMensaMerged("simulate /nonexistent.onnx --accel edge_tpu").exitCode, 2);
    EXPECT_EQ(
        test::runMensaMerged("simulate '" + model() + "' --accel edge_tpu --bogus 1").exitCode, 2);
}

// A QDQ int8 model on disk, through the CLI: the import says it folded the annotations, and on
// the Coral USB Accelerator only the final dequantize back to float runs on the host (before,
// the first DequantizeLinear put every later layer there).
TEST_F(SimulateCommand, AQdqModelRunsOnTheChipAndDequantizesItsOutputOnTheHost)
{
    const std::string file = (m_dir / "qdq.onnx").string();
    std::ofstream(file, std::ios::binary) << test::toQdq(test::qdqPlainModel()).SerializeAsString();
    test::CliResult run
        = test::runMensaMerged("simulate '" + file + "' --accel coral_usb --format json");
    ASSERT_EQ(run.exitCode, 0) << run.out;
    EXPECT_THAT(
        run.out, HasSubstr("QDQ int8 model: 12 QuantizeLinear/DequantizeLinear nodes folded"));
    auto count = [&](const std::string& s) {
        size_t n = 0;
        for (size_t at = run.out.find(s); at != std::string::npos; at = run.out.find(s, at + 1))
            ++n;
        return n;
    };
    EXPECT_EQ(count("\"note\": \"host CPU (host operator)\""), 1u) << run.out;
    EXPECT_EQ(count("\"note\": \"host CPU (after the first host operator)\""), 0u);
}
