#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace mensa;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

std::string resourcesDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators";
}

// A minimal valid accelerator; tests replace one line to break it.
const char* kValid = R"(name: "tiny"
placement: ON_CHIP
pe_rows: 4
pe_cols: 4
macs_per_pe_per_cycle: 1
clock_mhz: 100
dataflow: WEIGHT_STATIONARY
parameter_buffer { size_bytes: 1024 read_energy_pj_per_byte: 1 write_energy_pj_per_byte: 1 bandwidth_bytes_per_cycle: 16 }
activation_buffer { size_bytes: 1024 read_energy_pj_per_byte: 1 write_energy_pj_per_byte: 1 bandwidth_bytes_per_cycle: 16 }
memory { kind: OFF_CHIP_DRAM bandwidth_gb_per_s: 1 energy_pj_per_byte: 50 latency_ns: 100 }
mac_energy_pj: 0.2
register_file_energy_pj_per_byte: 0.2
static_power_w: 0.01
vector { lanes: 4 energy_pj_per_op: 0.1 }
)";

std::string replaced(const std::string& from, const std::string& to)
{
    std::string text = kValid;
    auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    return text.replace(pos, from.size(), to);
}

std::string errorOf(const std::string& text, const std::string& name = "edge.textproto")
{
    try {
        parseSystemSpecText(text, name);
    }
    catch (const MensaError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

TEST(SpecParser, AcceptsAValidAcceleratorAsASystemOfOne)
{
    auto system = parseSystemSpecText(kValid, "tiny.textproto");
    ASSERT_EQ(system->accelerators_size(), 1);
    EXPECT_EQ(system->name(), "tiny");
    EXPECT_EQ(system->accelerators(0).pe_rows(), 4);
}

TEST(SpecParser, SyntaxErrorsCarryLineAndColumn)
{
    EXPECT_THAT(errorOf(replaced("pe_cols: 4", "pe_cols: [4"), "bad.textproto"),
        StartsWith("bad.textproto:4:"));
    std::string unknownEnum = errorOf(replaced("WEIGHT_STATIONARY", "DIAGONAL_STATIONARY"));
    EXPECT_THAT(unknownEnum, ::testing::MatchesRegex(R"(edge\.textproto:[78]:[0-9]+: .*)"));
    EXPECT_THAT(unknownEnum, HasSubstr("DIAGONAL_STATIONARY"));
    EXPECT_THAT(errorOf(replaced("pe_rows: 4", "pe_rowz: 4")), StartsWith("edge.textproto:3:"));
}

TEST(SpecParser, SemanticErrorsNameTheFieldAndItsPosition)
{
    EXPECT_EQ(errorOf(replaced("pe_rows: 4", "pe_rows: 0")),
        "edge.textproto:3:1: field pe_rows: must be > 0");
    EXPECT_THAT(errorOf(replaced("bandwidth_gb_per_s: 1", "bandwidth_gb_per_s: -3")),
        HasSubstr(":10:30: field memory.bandwidth_gb_per_s: must be > 0"));
    EXPECT_EQ(errorOf(replaced("clock_mhz: 100\n", "")),
        "edge.textproto: field clock_mhz: missing (required)");
    EXPECT_THAT(errorOf(replaced("static_power_w: 0.01", "static_power_w: nan")),
        HasSubstr("field static_power_w: must be a finite number"));
    EXPECT_THAT(
        errorOf(replaced("lanes: 4", "lanes: -1")), HasSubstr("field vector.lanes: must be >= 0"));
    EXPECT_THAT(errorOf(replaced("dataflow: WEIGHT_STATIONARY", "dataflow: ROW_STATIONARY")),
        HasSubstr("field noc: a ROW_STATIONARY accelerator needs a noc block"));
    EXPECT_THAT(errorOf(std::string(kValid) + "sparsity { enabled: true weight_density: 1.5 }\n"),
        HasSubstr("field sparsity.weight_density: must be in (0, 1]"));
}

TEST(SpecParser, ValidatesSystemsAndLinks)
{
    std::string acc = std::string("accelerators {\n") + kValid + "}\n";
    std::string system = "name: \"duo\"\n" + acc + acc;
    EXPECT_THAT(errorOf(system), HasSubstr("duplicate accelerator name 'tiny'"));
    std::string second = acc;
    second.replace(second.find("\"tiny\""), 6, "\"other\"");
    std::string ok = "name: \"duo\"\n" + acc + second;
    EXPECT_EQ(parseSystemSpecText(ok, "duo")->accelerators_size(), 2);
    std::string badLink
        = ok + "links { from: 0 to: 2 bandwidth_gb_per_s: 1 energy_pj_per_byte: 1 }\n";
    EXPECT_THAT(errorOf(badLink, "duo.textproto"),
        HasSubstr("field links[0].to: accelerator index out of range (system has 2)"));
    EXPECT_THAT(errorOf(badLink, "duo.textproto"), StartsWith("duo.textproto:"));
    std::string nested = "name: \"duo\"\n" + acc + second;
    nested.replace(nested.rfind("pe_cols: 4"), 10, "pe_cols: 0");
    EXPECT_THAT(errorOf(nested), HasSubstr("field accelerators[1].pe_cols: must be > 0"));
}

TEST(SpecParser, BuiltinSpecsLoadAndBuildTheRightVariants)
{
    setenv("MENSA_RESOURCES_DIR", resourcesDir().c_str(), 1);
    EXPECT_THAT(builtinSpecNames(), ::testing::IsSupersetOf({ "edge_tpu", "eyeriss_v2", "mensa" }));
    auto edge = loadSystem("edge_tpu");
    ASSERT_EQ(edge.accelerators.size(), 1u);
    EXPECT_NEAR(edge.accelerators[0]->peakMacsPerSecond() * 2, 4.096e12, 1e9); // 4 TOPS
    auto mensa = loadSystem("mensa");
    ASSERT_EQ(mensa.accelerators.size(), 3u);
    EXPECT_EQ(mensa.accelerators[1]->name(), "pavlov");
    EXPECT_EQ(mensa.links.size(), 3u);
    auto eyeriss = loadSystem(resourcesDir() + "/eyeriss_v2.textproto");
    EXPECT_NEAR(eyeriss.accelerators[0]->peakMacsPerSecond(), 384 * 200e6, 1);
    EXPECT_THROW(loadSystem("no_such_accelerator"), MensaError);
    EXPECT_THROW(loadSystem("/nonexistent/x.textproto"), MensaError);
}

TEST(SpecParser, EveryNumberInTheBuiltinSpecsCarriesAComment)
{
    const std::regex number(R"(:\s*-?[0-9.]+)");
    for (const auto& entry : std::filesystem::directory_iterator(resourcesDir())) {
        std::ifstream in(entry.path());
        std::string line;
        int lineNo = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            std::string code = std::regex_replace(
                line.substr(0, line.find('#')), std::regex(R"("[^"]*")"), "\"\"");
            if (std::regex_search(code, number)) {
                EXPECT_NE(line.find('#'), std::string::npos)
                    << entry.path() << ":" << lineNo << ": " << line;
            }
        }
    }
}

// Absurd numbers are refused with file:line:col and the field, before any cost is computed
// (1e308 W of static power once printed as 0 J; a 1e-30 GB/s memory as a wrapped cycle count).
TEST(SpecParser, AbsurdNumbersAreRefusedWithThePositionAndTheField)
{
    EXPECT_EQ(errorOf(replaced("static_power_w: 0.01", "static_power_w: 1e308")),
        "edge.textproto:13:1: field static_power_w: must be in [0, 1000] W (plausible range, "
        "see docs/methodology.md); got 1e+308");
    EXPECT_THAT(errorOf(replaced("bandwidth_gb_per_s: 1", "bandwidth_gb_per_s: 1e-30")),
        ::testing::MatchesRegex(R"(edge\.textproto:10:30: field memory\.bandwidth_gb_per_s: )"
                                R"(must be in \[0\.01, 100000\] GB/s .*got 1e-30)"));
    EXPECT_EQ(errorOf(replaced("clock_mhz: 100", "clock_mhz: 0")),
        "edge.textproto:6:1: field clock_mhz: must be > 0");
    EXPECT_EQ(errorOf(replaced("clock_mhz: 100", "clock_mhz: -500")),
        "edge.textproto:6:1: field clock_mhz: must be > 0");
    EXPECT_EQ(errorOf(replaced("clock_mhz: 100", "clock_mhz: nan")),
        "edge.textproto:6:1: field clock_mhz: must be a finite number");
    EXPECT_EQ(errorOf(replaced("clock_mhz: 100", "clock_mhz: inf")),
        "edge.textproto:6:1: field clock_mhz: must be a finite number");
    EXPECT_THAT(errorOf(replaced("clock_mhz: 100", "clock_mhz: 1e-6")),
        StartsWith("edge.textproto:6:1: field clock_mhz: must be in [1, 10000] MHz"));
    EXPECT_THAT(errorOf(replaced("static_power_w: 0.01", "static_power_w: nan")),
        StartsWith("edge.textproto:13:1: field static_power_w: must be a finite number"));
    EXPECT_THAT(errorOf(replaced("bandwidth_bytes_per_cycle: 16 }\nactivation",
                    "bandwidth_bytes_per_cycle: 1e-30 }\nactivation")),
        ::testing::MatchesRegex(R"(edge\.textproto:8:[0-9]+: field parameter_buffer\.)"
                                R"(bandwidth_bytes_per_cycle: must be in \[0\.01, .*)"));
    EXPECT_THAT(errorOf(replaced("size_bytes: 1024 read", "size_bytes: 9000000000000000 read")),
        HasSubstr("field parameter_buffer.size_bytes: must be in [1, 1099511627776] bytes"));
    EXPECT_THAT(errorOf(replaced("mac_energy_pj: 0.2", "mac_energy_pj: 1e200")),
        StartsWith("edge.textproto:11:1: field mac_energy_pj: must be in [0, 1000] pJ"));
    EXPECT_THAT(errorOf(replaced("energy_pj_per_byte: 50", "energy_pj_per_byte: -1")),
        HasSubstr(":10:52: field memory.energy_pj_per_byte: must be >= 0"));
    EXPECT_THAT(errorOf(replaced("latency_ns: 100", "latency_ns: 1e300")),
        HasSubstr("field memory.latency_ns: must be in [0, 1000000] ns"));
    EXPECT_THAT(errorOf(replaced("macs_per_pe_per_cycle: 1", "macs_per_pe_per_cycle: 100000")),
        StartsWith("edge.textproto:5:1: field macs_per_pe_per_cycle: must be in [1, 4096]"));
    EXPECT_THAT(errorOf(replaced("pe_rows: 4\npe_cols: 4", "pe_rows: 65536\npe_cols: 65536")),
        HasSubstr("field pe_cols: pe_rows * pe_cols must be at most 16777216 PEs"));
    EXPECT_THAT(errorOf(replaced("lanes: 4", "lanes: 2000000000")),
        HasSubstr("field vector.lanes: must be in [0, 1048576]"));
}

TEST(SpecParser, AbsurdLinkNumbersAreRefusedWithThePositionAndTheField)
{
    std::string acc = std::string("accelerators {\n") + kValid + "}\n";
    std::string second = acc;
    second.replace(second.find("\"tiny\""), 6, "\"other\"");
    std::string duo = "name: \"duo\"\n" + acc + second;
    auto link = [&](const std::string& fields) {
        return duo + "links { from: 0 to: 1 " + fields + " }\n";
    };
    EXPECT_EQ(parseSystemSpecText(
                  link("bandwidth_gb_per_s: 32 energy_pj_per_byte: 10 latency_ns: 50"), "duo")
                  ->links_size(),
        1);
    EXPECT_THAT(errorOf(link("bandwidth_gb_per_s: 1e-30 energy_pj_per_byte: 10"), "duo.textproto"),
        ::testing::MatchesRegex(
            R"(duo\.textproto:[0-9]+:[0-9]+: field links\[0\]\.bandwidth_gb_per_s: must be in .*)"));
    EXPECT_THAT(errorOf(link("bandwidth_gb_per_s: 32 energy_pj_per_byte: 1e308"), "duo.textproto"),
        ::testing::MatchesRegex(
            R"(duo\.textproto:[0-9]+:[0-9]+: field links\[0\]\.energy_pj_per_byte: must be in \[0, 10000\] pJ/byte.*)"));
    EXPECT_THAT(errorOf(link("bandwidth_gb_per_s: 32 energy_pj_per_byte: 1 latency_ns: nan"),
                    "duo.textproto"),
        HasSubstr("field links[0].latency_ns: must be a finite number"));
    EXPECT_THAT(errorOf(link("bandwidth_gb_per_s: 32 energy_pj_per_byte: 1 latency_ns: 1e12"),
                    "duo.textproto"),
        HasSubstr("field links[0].latency_ns: must be in [0, 1000000] ns"));
}
