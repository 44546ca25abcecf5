// `mensa calibrate`: the shipped Coral table calibrated into a spec that `mensa simulate` loads
// and that predicts what the report says; bad input is one line naming the file and line, exit 2,
// and nothing written.
#include "CliRunner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

using namespace mensa::test;
using ::testing::HasSubstr;

namespace {

class CalibrateCli : public CliTest {
protected:
    std::string coralTable() const
    {
        return quoted(sourceDir() / "resources/measurements/coral_published.csv");
    }
};

// The number after `"key": ` in JSON text, NaN when absent.
double jsonValue(const std::string& json, const std::string& key)
{
    std::smatch m;
    const std::regex re("\"" + key + "\": ([-0-9.eE+]+)");
    return std::regex_search(json, m, re) ? std::stod(m[1]) : std::nan("");
}

// The cells of the CSV row starting with `label`.
std::vector<std::string> csvRow(const std::string& csv, const std::string& label)
{
    std::istringstream in(csv);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.rfind(label, 0) != 0)
            continue;
        std::vector<std::string> cells;
        std::istringstream cellsIn(line);
        for (std::string cell; std::getline(cellsIn, cell, ',');)
            cells.push_back(cell);
        return cells;
    }
    return {};
}

} // namespace

TEST_F(CalibrateCli, CoralTableRoundTripsThroughTheCalibratedSpec)
{
    const auto out = m_dir / "calibrated.textproto";
    CliResult r
        = runWithin(120, "calibrate " + coralTable() + " --accel coral_usb --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("fitted:\n  host_link.bandwidth_gb_per_s: 0.42 -> "));
    EXPECT_THAT(r.out, HasSubstr("latency error (geometric mean"));
    EXPECT_THAT(r.out, HasSubstr("leave-one-out x"));
    const std::string text = readWholeFile(out);
    EXPECT_THAT(text, HasSubstr("# Calibrated by `mensa calibrate` (NLopt LN_BOBYQA"));
    EXPECT_THAT(text, HasSubstr("coral_published.csv (column usb_ms, 18 rows)"));
    EXPECT_THAT(text, ::testing::ContainsRegex("# date: 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]"));
    EXPECT_THAT(text, HasSubstr("name: \"coral_usb_calibrated\""));
    EXPECT_THAT(text, HasSubstr("clock_mhz: 500               # [derived]")); // untouched

    // The written spec loads in `mensa simulate` and predicts the "after" column.
    r = runWithin(120,
        "calibrate " + coralTable() + " --accel coral_usb --no-loo --format csv --out "
            + quoted(m_dir / "again.textproto"));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::vector<std::string> row = csvRow(r.out, "MobileNet v2 (224x224)");
    ASSERT_GE(row.size(), 6u) << r.out; // measurement, quantity, unit, measured, before, after, ...
    const double beforeMs = std::stod(row[4]), afterMs = std::stod(row[5]);
    CliResult sim = runWithin(60,
        "simulate " + quoted(sourceDir() / "sample_models/mobilenet_v2.onnx") + " --accel "
            + quoted(out) + " --format json");
    ASSERT_EQ(sim.exitCode, 0) << sim.err;
    EXPECT_THAT(sim.out, HasSubstr("\"accelerator\": \"coral_usb_calibrated\""));
    EXPECT_NEAR(jsonValue(sim.out, "latency_s") * 1e3, afterMs, 0.0006);
    EXPECT_GT(std::abs(afterMs - beforeMs), 0.01); // the fit moved the prediction
}

// A row naming no Mensa architecture (an empty mensa_model, as a published table may have) is
// listed as not used; the fit runs on the others.
TEST_F(CalibrateCli, RowsWithoutAnArchitectureAreListedAsNotUsed)
{
    const auto file = write("m.csv",
        "model,input,usb_ms,devboard_ms,mensa_model,tolerance\n"
        "MobileNet v1,224x224,2.4,2.4,mobilenet_v1,0.25\n"
        "Pose detector,353x481,12,15,,0.25\n"
        "MobileNet v2,224x224,2.6,2.6,mobilenet_v2,0.25\n");
    const auto out = m_dir / "calibrated.textproto";
    CliResult r = runWithin(60,
        "calibrate " + quoted(file) + " --accel coral_usb --fit host_link.per_layer_overhead_us "
            + "--out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("not used (no Mensa architecture): Pose detector (353x481)"));
    EXPECT_THAT(readWholeFile(out), HasSubstr("(column usb_ms, 2 rows)"));
}

TEST_F(CalibrateCli, BadInputIsOneLineNamingTheFileAndLineAndWritesNothing)
{
    const auto out = m_dir / "never.textproto";
    auto refuse
        = [&](const std::string& csv, const std::string& extra, const std::string& expected) {
              const auto file = write("m.csv", csv);
              CliResult r = runWithin(60,
                  "calibrate " + quoted(file) + " --accel coral_usb --out " + quoted(out) + extra);
              EXPECT_EQ(r.exitCode, 2) << csv;
              EXPECT_THAT(r.err, HasSubstr(expected)) << csv;
              EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
              EXPECT_FALSE(std::filesystem::exists(out)) << csv;
          };
    const std::string path = (m_dir / "m.csv").string();
    refuse("model,latency_ms\nmobilenet_v2,2.6\nresnet51,3\n", "",
        path + ":3: unknown model 'resnet51'");
    refuse("model,latency_ms\nmobilenet_v2,0\n", "",
        path + ":2: latency_ms must be a positive number");
    refuse("model,latency_ms\nmobilenet_v2,-2\n", "",
        path + ":2: latency_ms must be a positive number");
    refuse("model,speed\nmobilenet_v2,3\n", "", path + ":1: no latency column");
    refuse("latency_ms\n3\n", "", path + ":1: no 'mensa_model' or 'model' column");
    refuse("model,latency_ms\nmobilenet_v2,2.6\n", " --fit clock_mhz",
        "'clock_mhz' is not a fittable field");
    const auto file = write("ok.csv", "model,latency_ms\nmobilenet_v2,2.6\n");
    CliResult r = runWithin(60,
        "calibrate " + quoted(file)
            + " --accel eyeriss_v2 --fit host_link.bandwidth_gb_per_s --out " + quoted(out));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr(": nothing to fit"));
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_EQ(run("calibrate " + quoted(file) + " --accel coral_usb").exitCode, 2); // no --out
}
