// Calibration from measurements (core/calibrate): which spec fields are fitted (from the one list
// and the spec's source tags), recovery of known parameters from measurements made with a
// perturbed spec, leave-one-out on Coral's published table, bad input, and the calibrated spec.
#include "calibrate/Calibrator.h"
#include "calibrate/CalibratedSpec.h"
#include "calibrate/FittableField.h"
#include "calibrate/Measurements.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mensa;
using ::testing::HasSubstr;

namespace {

namespace fs = std::filesystem;

std::string sourceDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src ? src : MENSA_SOURCE_DIR;
}

std::string specPath(const std::string& name)
{
    return sourceDir() + "/resources/accelerators/" + name + ".textproto";
}

std::string readText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class Calibration : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path()
            / ("mensa_calibrate_" + std::to_string(::getpid()) + "_"
                + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string write(const std::string& name, const std::string& text)
    {
        const fs::path path = m_dir / name;
        std::ofstream(path) << text;
        return path.string();
    }
    fs::path m_dir;
};

// The models of Coral's table Mensa builds, at Coral's input sizes.
const std::vector<std::pair<std::string, std::string>> kCoralModels
    = { { "densenet121", "224x224" }, { "inception_v1", "224x224" }, { "mobilenet_v1", "224x224" },
          { "mobilenet_v2", "224x224" }, { "resnet50", "299x299" }, { "squeezenet1_1", "224x224" },
          { "vgg16", "224x224" }, { "efficientnet_edgetpu_s", "224x224" } };

// Measurements made with `truth`: the whole-model latency and energy `simulate` gives.
std::string syntheticCsv(const spec::AcceleratorSpec& truth, bool energy)
{
    const CostModelPtr accelerator
        = makeCostModel(std::make_shared<const spec::AcceleratorSpec>(truth));
    std::ostringstream csv;
    csv.precision(17);
    csv << "# measured on a perturbed coral_usb\nmensa_model,input,latency_s"
        << (energy ? ",energy_j" : "") << "\n";
    for (const auto& [name, input] : kCoralModels) {
        const auto model = buildMeasuredModel(name, input, "test");
        const ModelCost cost = simulate(*model, *accelerator);
        csv << name << "," << input << "," << cost.latency;
        if (energy)
            csv << "," << cost.energyPerInference;
        csv << "\n";
    }
    return csv.str();
}

double fittedValue(const CalibrationReport& report, const std::string& path)
{
    for (const auto& f : report.fitted)
        if (f.path == path)
            return f.after;
    ADD_FAILURE() << path << " was not fitted";
    return 0;
}

} // namespace

TEST(CalibrationFields, PublishedTagsAreKeptAndAssumptionsAreFitted)
{
    // coral_usb: the host link's bandwidth and overhead are [fitted], the memory block and
    // static power modelling assumptions; nothing of fittableFields() carries a published tag.
    const std::string text = readText(specPath("coral_usb"));
    spec::AcceleratorSpec spec;
    std::map<std::string, FieldSource> sources;
    for (const auto& line : specFieldLines(text, "coral_usb", &spec))
        sources[line.path] = line.source;
    EXPECT_EQ(sources["host_link.bandwidth_gb_per_s"].tag, "[fitted]");
    EXPECT_FALSE(sources["host_link.bandwidth_gb_per_s"].published());
    EXPECT_EQ(sources["clock_mhz"].tag, "[derived]");
    EXPECT_TRUE(sources["clock_mhz"].published());
    EXPECT_EQ(sources["mac_energy_pj"].tag, "[Horowitz]");
    EXPECT_EQ(sources["static_power_w"].tag, "");
    EXPECT_FALSE(sources["static_power_w"].published());
    EXPECT_THAT(sources["static_power_w"].comment, HasSubstr("modelling assumption"));
    // The comment of a nested field is found on its own line.
    EXPECT_THAT(sources["activation_buffer.read_energy_pj_per_byte"].comment,
        HasSubstr("sqrt(capacity) rule"));
}

TEST_F(Calibration, AFieldWithAPublishedSourceTagIsNotAdjusted)
{
    std::string text = readText(specPath("coral_usb"));
    const std::string from = "bandwidth_gb_per_s: 0.42  # [fitted]";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), "bandwidth_gb_per_s: 0.42  # [datasheet]");
    const std::string csv
        = write("m.csv", "mensa_model,latency_ms\nmobilenet_v2,3\nsqueezenet1_1,2\n");
    const Calibrator calibrator(text, "tagged.textproto", readMeasurementSet(csv, "coral_usb"));
    for (const auto& field : calibrator.fields())
        EXPECT_NE(field.path, "host_link.bandwidth_gb_per_s");
    const CalibrationReport report = calibrator.run(false);
    bool kept = false;
    for (const auto& k : report.kept)
        if (k.path == "host_link.bandwidth_gb_per_s") {
            kept = true;
            EXPECT_EQ(k.reason, "published source [datasheet]");
        }
    EXPECT_TRUE(kept);
    // Energy fields are not fitted without energy measurements.
    for (const auto& f : report.fitted)
        EXPECT_NE(f.path, "static_power_w");
}

// The key correctness check: measurements made with known host-link parameters are fitted back
// to those parameters, starting from the shipped values.
TEST_F(Calibration, RecoversKnownLatencyParametersFromSyntheticMeasurements)
{
    spec::AcceleratorSpec truth = loadSystemSpec("coral_usb")->accelerators(0);
    truth.mutable_host_link()->set_bandwidth_gb_per_s(0.9); // shipped 0.42
    truth.mutable_host_link()->set_per_layer_overhead_us(27); // shipped 10
    const std::string csv = write("synthetic.csv", syntheticCsv(truth, false));
    const Calibrator calibrator(readText(specPath("coral_usb")), "coral_usb",
        readMeasurementSet(csv, "coral_usb"),
        { "host_link.bandwidth_gb_per_s", "host_link.per_layer_overhead_us" });
    const CalibrationReport report = calibrator.run(false);
    EXPECT_NEAR(fittedValue(report, "host_link.bandwidth_gb_per_s"), 0.9, 0.9 * 0.005);
    EXPECT_NEAR(fittedValue(report, "host_link.per_layer_overhead_us"), 27, 27 * 0.005);
    EXPECT_GT(report.error(CalibrationStage::Before, FitQuantity::Latency).geomeanFactor, 1.2);
    EXPECT_LT(report.error(CalibrationStage::After, FitQuantity::Latency).maxFactor, 1.005);
}

TEST_F(Calibration, RecoversKnownEnergyParametersWhenEnergyIsMeasured)
{
    spec::AcceleratorSpec truth = loadSystemSpec("coral_usb")->accelerators(0);
    truth.mutable_host_link()->set_per_layer_overhead_us(18);
    truth.set_static_power_w(0.8); // shipped 0.35
    truth.mutable_host_link()->set_energy_pj_per_byte(40); // shipped 100
    const std::string csv = write("synthetic.csv", syntheticCsv(truth, true));
    const MeasurementSet set = readMeasurementSet(csv, "coral_usb");
    ASSERT_TRUE(set.hasEnergy());
    const Calibrator calibrator(readText(specPath("coral_usb")), "coral_usb", set,
        { "host_link.per_layer_overhead_us", "static_power_w", "host_link.energy_pj_per_byte" });
    const CalibrationReport report = calibrator.run(false);
    EXPECT_NEAR(fittedValue(report, "host_link.per_layer_overhead_us"), 18, 18 * 0.005);
    EXPECT_NEAR(fittedValue(report, "static_power_w"), 0.8, 0.8 * 0.01);
    EXPECT_NEAR(fittedValue(report, "host_link.energy_pj_per_byte"), 40, 40 * 0.01);
    EXPECT_LT(report.error(CalibrationStage::After, FitQuantity::Energy).maxFactor, 1.01);
}

// Issue 13: calibrating on all but one model of Coral's published table predicts the held-out
// model better than the uncalibrated spec does. The uncalibrated spec is coral_usb with its host
// link as the datasheet gives it and no host overhead: USB 3.0's 0.625 GB/s payload ceiling
// [vendor] and 0 us per layer (the two fields coral_usb ships fitted to this very table).
TEST_F(Calibration, LeaveOneOutOnCoralsTableBeatsTheUncalibratedSpec)
{
    std::string text = readText(specPath("coral_usb"));
    for (auto [from, to] : { std::pair<std::string, std::string> {
                                 "bandwidth_gb_per_s: 0.42", "bandwidth_gb_per_s: 0.625" },
             { "per_layer_overhead_us: 10", "per_layer_overhead_us: 0" } }) {
        ASSERT_NE(text.find(from), std::string::npos) << from;
        text.replace(text.find(from), from.size(), to);
    }
    const MeasurementSet set = readMeasurementSet(
        sourceDir() + "/resources/measurements/coral_published.csv", "coral_usb");
    EXPECT_EQ(set.latencyColumn, "usb_ms");
    const CalibrationReport report = Calibrator(text, "datasheet_usb", set).run(true);
    ASSERT_EQ(report.heldOutModels, int(set.rows.size()));
    const CalibrationError before = report.error(CalibrationStage::Before, FitQuantity::Latency);
    const CalibrationError after = report.error(CalibrationStage::After, FitQuantity::Latency);
    const CalibrationError heldOut = report.error(CalibrationStage::HeldOut, FitQuantity::Latency);
    int better = 0;
    for (const auto& p : report.points) {
        const bool improved = std::abs(std::log(p.heldOut / p.measured))
            < std::abs(std::log(p.before / p.measured));
        better += improved ? 1 : 0;
        std::printf("%-34s measured %8.3f ms  before %8.3f  after %8.3f  held out %8.3f %s\n",
            p.label.c_str(), p.measured * 1e3, p.before * 1e3, p.after * 1e3, p.heldOut * 1e3,
            improved ? "better" : "worse");
    }
    for (const auto& f : report.fitted)
        std::printf("%s: %g -> %g\n", f.path.c_str(), f.before, f.after);
    std::printf("geomean factor: before %.3f after %.3f held out %.3f; held out better for %d "
                "of %zu\n",
        before.geomeanFactor, after.geomeanFactor, heldOut.geomeanFactor, better,
        report.points.size());
    EXPECT_LT(after.geomeanFactor, before.geomeanFactor);
    EXPECT_LT(heldOut.geomeanFactor, before.geomeanFactor);
    EXPECT_GE(heldOut.geomeanFactor, after.geomeanFactor - 1e-9); // held out never beats the fit
    // Measured when written: better for 11 of the 15 (not MobileNet v2 and EfficientNet-EdgeTPU-S
    // and -M, whose held-out fits put the per-layer overhead higher than they need, nor
    // Inception-ResNet v2, which no link setting explains), geometric-mean factor 1.57 before,
    // 1.25 after, 1.30 held out.
    EXPECT_GE(better, 11);
    for (const auto& p : report.points)
        if (p.label == "VGG16 (224x224)" || p.label == "ResNet-50 V1 (299x299)") {
            EXPECT_LT(std::abs(std::log(p.heldOut / p.measured)),
                std::abs(std::log(p.before / p.measured)))
                << p.label;
        }
}

TEST_F(Calibration, BadMeasurementFilesNameTheFileAndLine)
{
    auto problem = [&](const std::string& csv) {
        const std::string path = write("bad.csv", csv);
        try {
            readMeasurementSet(path, "coral_usb");
        }
        catch (const MensaError& e) {
            EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
            return std::string(e.what()).substr(path.size());
        }
        return std::string("no error");
    };
    EXPECT_THAT(
        problem("input,latency_ms\n224x224,3\n"), HasSubstr(":1: no 'mensa_model' or 'model'"));
    EXPECT_THAT(problem("model,seconds\nmobilenet_v2,3\n"), HasSubstr(":1: no latency column"));
    EXPECT_THAT(problem("# c\nmodel,latency_ms\nmobilenet_v2,3\nno_such_net,3\n"),
        HasSubstr(":4: unknown model 'no_such_net'"));
    EXPECT_THAT(problem("model,latency_ms\nmobilenet_v2,0\n"),
        HasSubstr(":2: latency_ms must be a positive number, got '0'"));
    EXPECT_THAT(
        problem("model,latency_ms\nmobilenet_v2,-1\n"), HasSubstr(":2: latency_ms must be"));
    EXPECT_THAT(problem("model,latency_ms\nmobilenet_v2\n"), HasSubstr(":2: expected 2 columns"));
    EXPECT_THAT(problem("model,usb_ms,devboard_ms\nmobilenet_v2,1,2\n"),
        ::testing::Not(HasSubstr("no latency column"))); // usb_ms is coral_usb's column
    EXPECT_THAT(problem("# only a comment\n"), HasSubstr(": no column line"));
}

TEST_F(Calibration, ASpecWithNothingFittableIsRefused)
{
    // eyeriss_v2 has no host link; with --fit naming only a host-link field nothing is left.
    const std::string csv = write("m.csv", "model,latency_ms\nmobilenet_v2,3\n");
    try {
        Calibrator(readText(specPath("eyeriss_v2")), "eyeriss_v2.textproto",
            readMeasurementSet(csv, "eyeriss_v2"), { "host_link.bandwidth_gb_per_s" });
        ADD_FAILURE() << "no error";
    }
    catch (const MensaError& e) {
        EXPECT_THAT(e.what(), HasSubstr("eyeriss_v2.textproto: nothing to fit"));
    }
    EXPECT_THROW(Calibrator(readText(specPath("coral_usb")), "coral_usb",
                     readMeasurementSet(csv, "coral_usb"), { "clock_mhz" }),
        MensaError);
}

TEST_F(Calibration, TheCalibratedSpecCarriesTheFitAndLoadsBack)
{
    spec::AcceleratorSpec truth = loadSystemSpec("coral_usb")->accelerators(0);
    truth.mutable_host_link()->set_bandwidth_gb_per_s(0.6);
    const std::string csv = write("synthetic.csv", syntheticCsv(truth, false));
    const std::string text = readText(specPath("coral_usb"));
    const CalibrationReport report
        = Calibrator(text, "coral_usb", readMeasurementSet(csv, "coral_usb")).run(false);
    const std::string out
        = calibratedSpecText(text, "coral_usb", report, { "measurements: synthetic.csv" });
    const SystemSpecPtr loaded = parseSystemSpecText(out, "calibrated.textproto");
    const spec::AcceleratorSpec& spec = loaded->accelerators(0);
    EXPECT_EQ(spec.name(), "coral_usb_calibrated");
    for (const auto& f : report.fitted)
        EXPECT_DOUBLE_EQ(specFieldValue(spec, f.path), f.after) << f.path;
    EXPECT_EQ(spec.clock_mhz(), 500); // published fields untouched
    EXPECT_THAT(out, HasSubstr("# measurements: synthetic.csv\n"));
    EXPECT_THAT(out, HasSubstr("#   host_link.bandwidth_gb_per_s: 0.42 -> "));
    EXPECT_THAT(out, HasSubstr("# [calibrated] was 0.42; [fitted] fitted to Coral's table"));
    EXPECT_THAT(out, HasSubstr("latency error"));
    // The written spec predicts exactly what the report says "after".
    const CostModelPtr accelerator
        = makeCostModel(std::make_shared<const spec::AcceleratorSpec>(spec));
    const auto model = buildMeasuredModel("resnet50", "299x299", "test");
    EXPECT_DOUBLE_EQ(simulate(*model, *accelerator).latency, report.points[4].after);
    // Calibrating the calibrated spec again keeps its name and its fields fittable.
    const Calibrator again(out, "calibrated.textproto", readMeasurementSet(csv, "coral_usb"));
    EXPECT_FALSE(again.fields().empty());
    EXPECT_EQ(again.run(false).calibrated.name(), "coral_usb_calibrated");
}
