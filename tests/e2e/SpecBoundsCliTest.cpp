// `mensa simulate` with an accelerator spec holding an absurd number: refused before any cost
// is computed, exit code 2, one line naming the file, line, column and field (never a
// result printed as 0 J or -9223372036854775808 cycles).
#include "CliRunner.h"
#include "model/GraphBuilder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

using namespace mensa;
using namespace mensa::test;
using ::testing::HasSubstr;

namespace {

class SpecBoundsCli : public CliTest {
protected:
    std::filesystem::path model()
    {
        GraphBuilder g("small");
        auto x = g.input("x", { 1, 8, 16, 16 });
        g.output(g.relu(g.conv(x, 16, 3)));
        return write("small.onnx", g.serialize(WeightStorage::GraphInputs));
    }
    // The built-in Edge TPU spec with one `field: value` replaced.
    std::filesystem::path edgeTpuWith(const std::string& field, const std::string& value)
    {
        std::string spec = readWholeFile(sourceDir() / "resources/accelerators/edge_tpu.textproto");
        std::string edited
            = std::regex_replace(spec, std::regex(field + ": *[-0-9.e+]+"), field + ": " + value);
        EXPECT_NE(edited, spec) << field;
        return write("bad.textproto", edited);
    }
};

size_t lineCount(const std::string& text)
{
    return size_t(std::count(text.begin(), text.end(), '\n'));
}

} // namespace

TEST_F(SpecBoundsCli, AbsurdSpecNumbersExitTwoWithOneLineNamingTheField)
{
    struct Case {
        std::string field, value;
    };
    for (const Case& c :
        { Case { "static_power_w", "1e308" }, Case { "bandwidth_gb_per_s", "1e-30" },
            Case { "clock_mhz", "0" }, Case { "clock_mhz", "-500" }, Case { "clock_mhz", "nan" },
            Case { "mac_energy_pj", "inf" } }) {
        auto spec = edgeTpuWith(c.field, c.value);
        CliResult r = run("simulate " + quoted(model()) + " --accel " + quoted(spec));
        EXPECT_EQ(r.exitCode, 2) << c.field << "=" << c.value << "\n" << r.out << r.err;
        EXPECT_EQ(lineCount(r.err), 1u) << r.err;
        EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(bad\.textproto:[0-9]+:[0-9]+: field )")))
            << r.err;
        EXPECT_THAT(r.err, HasSubstr(c.field)) << r.err;
        EXPECT_EQ(r.out, "") << r.out;
    }
}
