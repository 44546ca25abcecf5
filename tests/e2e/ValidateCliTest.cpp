// `mensa validate`: the fidelity report against the published figures shipped with their source
// (Coral's Edge TPU table, SCALE-Sim cycles, Eyeriss v2, the Mensa paper's ratios), exit 1 when
// a figure leaves its tolerance, 2 on bad input.
#include "CliRunner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <tuple>
#include <vector>

using namespace mensa::test;
using ::testing::HasSubstr;

namespace {

class ValidateCli : public CliTest { };

// A hang guard, not a speed target: `validate` and `reproduce` run the whole study, ~2 s in a
// release build and ~35 s under the address/undefined sanitizers on a quiet machine.
constexpr int kStudySeconds = 300;

const char* kColumns = "model,input,usb_ms,devboard_ms,mensa_model,tolerance\n";

std::vector<std::vector<std::string>> csvRows(const std::string& text)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::vector<std::string> cells;
        std::istringstream cellsIn(line);
        for (std::string cell; std::getline(cellsIn, cell, ',');)
            cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

size_t count(const std::string& text, const std::string& what)
{
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

TEST_F(ValidateCli, PrintsEveryPublishedFigureWithItsSourceAndExitsOnTheVerdict)
{
    CliResult r = runWithin(kStudySeconds, "validate");
    ASSERT_TRUE(r.exitCode == 0 || r.exitCode == 1) << r.exitCode << r.err;
    EXPECT_THAT(r.out, HasSubstr("https://coral.ai/docs/edgetpu/benchmarks/"));
    EXPECT_THAT(
        r.out, ::testing::ContainsRegex("predicted +published +unit +ratio +tolerance +ok"));
    EXPECT_THAT(r.out, HasSubstr("ResNet-50 V1 (299x299)"));
    EXPECT_THAT(r.out, HasSubstr("coral_devboard"));
    EXPECT_THAT(r.out,
        HasSubstr("not compared (architecture not built by Mensa, or no densities): "
                  "sparse AlexNet (227x227) inferences/s (densities not published)"));
    EXPECT_THAT(r.out, HasSubstr("DeepLab V3 (513x513)"));
    bool anyOutside = r.out.find(" NO\n") != std::string::npos;
    EXPECT_EQ(r.exitCode, anyOutside ? 1 : 0);
    EXPECT_THAT(r.out, HasSubstr("scalesim_cycles.csv"));
    EXPECT_THAT(r.out, HasSubstr("mobilenet (ws 64x64)"));
    EXPECT_THAT(r.out, HasSubstr("eyeriss_v2_published.csv"));
    EXPECT_THAT(r.out, HasSubstr("IEEE JETCAS 9(2):292-308, 2019"));
    EXPECT_THAT(r.out, HasSubstr("sparse MobileNet (0.5x 128x128)"));
    EXPECT_THAT(
        r.out, HasSubstr("sparse AlexNet (227x227) inferences/s (densities not published)"));
    EXPECT_THAT(r.out, HasSubstr("Mensa paper   energy efficiency vs Eyeriss v2"));
    // 18 Coral architectures (the whole table) x 2 devices + 3 SCALE-Sim topologies x 3
    // dataflows + 2 Eyeriss v2 figures + the Mensa paper's 4 ratios.
    EXPECT_THAT(r.out, HasSubstr(" of 51 published figures within tolerance"));
}

TEST_F(ValidateCli, CsvRatiosAndVerdictsFollowFromThePredictedAndPublishedColumns)
{
    CliResult r = runWithin(kStudySeconds, "validate --format csv");
    ASSERT_TRUE(r.exitCode == 0 || r.exitCode == 1) << r.err;
    auto rows = csvRows(r.out);
    ASSERT_EQ(rows.size(), 52u); // header + 18 Coral x 2 + 3 x 3 SCALE-Sim + 2 Eyeriss + 4 Mensa
    EXPECT_EQ(rows[0],
        (std::vector<std::string> { "source", "model", "design", "predicted", "published", "unit",
            "ratio", "tolerance", "ok" }));
    int outside = 0;
    for (size_t i = 1; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i].size(), 9u);
        double predicted = std::stod(rows[i][3]), published = std::stod(rows[i][4]);
        double ratio = std::stod(rows[i][6]);
        EXPECT_NEAR(ratio, predicted / published, 0.006) << rows[i][1];
        const std::string& tolerance = rows[i][7]; // "+-25%"
        ASSERT_EQ(tolerance.rfind("+-", 0), 0u) << tolerance;
        bool ok = std::abs(predicted / published - 1)
            <= std::stod(tolerance.substr(2)) / 100 + 1e-4; // predicted is rounded
        EXPECT_EQ(rows[i][8], ok ? "yes" : "NO") << rows[i][1] << " " << rows[i][2];
        outside += ok ? 0 : 1;
    }
    EXPECT_EQ(r.exitCode, outside > 0 ? 1 : 0);
}

// One number, one owner: the Mensa paper rows carry `mensa reproduce`'s geomean gains (the
// table prints 3 decimals).
TEST_F(ValidateCli, MensaPaperRowsAreTheGeomeansOfReproduce)
{
    CliResult v = runWithin(kStudySeconds, "validate --format csv");
    ASSERT_TRUE(v.exitCode == 0 || v.exitCode == 1) << v.err;
    std::vector<double> validated;
    for (const auto& row : csvRows(v.out))
        if (row.size() == 9 && row[0] == "Mensa paper")
            validated.push_back(std::stod(row[3]));
    ASSERT_EQ(validated.size(), 4u);
    const auto out = m_dir / "reproduce";
    ASSERT_EQ(runWithin(kStudySeconds, "reproduce --tables-only --out " + quoted(out)).exitCode, 0);
    std::vector<double> reproduced;
    for (const auto& row : csvRows(readWholeFile(out / "mensa_gains.csv")))
        if (row.size() == 6 && row[0] == "geomean" && row[1] == "all")
            for (size_t i = 2; i < 6; ++i)
                reproduced.push_back(std::stod(row[i]));
    ASSERT_EQ(reproduced.size(), 4u);
    for (size_t i = 0; i < 4; ++i)
        EXPECT_NEAR(validated[i], reproduced[i], 5e-4) << i;
}

// `mensa reproduce` includes the fidelity table: validation.csv is byte for byte what
// `mensa validate --format csv` prints against the shipped known-outside list, and
// validation.md holds every row, the count and a reason per listed figure outside.
TEST_F(ValidateCli, ReproduceWritesTheTableValidatePrints)
{
    const std::string list = quoted(sourceDir() / "resources/measurements/known_outside.csv");
    CliResult v = runWithin(kStudySeconds, "validate --format csv --known-outside " + list);
    ASSERT_EQ(v.exitCode, 0) << v.err;
    const auto out = m_dir / "reproduce";
    CliResult r = runWithin(kStudySeconds, "reproduce --tables-only --out " + quoted(out));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(readWholeFile(out / "validation.csv"), v.out);
    const std::string md = readWholeFile(out / "validation.md");
    size_t rows = 0, inside = 0, known = 0;
    for (const auto& row : csvRows(v.out)) {
        if (row.size() != 9 || row[0] == "source")
            continue;
        ++rows;
        inside += row[8] == "yes";
        known += row[8] == "NO (known)";
        std::string cells = "|";
        for (const auto& cell : row)
            cells += " " + cell + " |";
        EXPECT_THAT(md, HasSubstr(cells + "\n"));
    }
    ASSERT_GT(rows, 20u);
    const std::string count = std::to_string(inside) + " of " + std::to_string(rows)
        + " published figures within tolerance; " + std::to_string(known)
        + " outside and listed in known_outside.csv, 0 outside and not listed";
    EXPECT_THAT(md, HasSubstr(count));
    EXPECT_THAT(r.out, HasSubstr("fidelity: " + count.substr(0, count.find(';'))));
    size_t reasons = 0;
    for (size_t at = md.find("\n- ", md.find("Why the listed")); at != std::string::npos;
         at = md.find("\n- ", at + 1))
        ++reasons;
    EXPECT_EQ(reasons, known);
}

TEST_F(ValidateCli, AnotherMeasurementsFileDecidesTheExitCode)
{
    auto table = [&](const std::string& name, const std::string& row) {
        return quoted(write(name, std::string("# source: test\n") + kColumns + row));
    };
    // MobileNet v1 is within 25% of Coral's 2.4 ms on both devices (see docs/validation.md).
    CliResult ok = run("validate --measurements "
        + table("ok.csv", "MobileNet v1,224x224,2.4,2.4,mobilenet_v1,0.25\n"));
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
    EXPECT_THAT(ok.out, HasSubstr("2 of 2 published figures within tolerance"));
    // The same model claimed to take 100 ms is far outside.
    CliResult off = run("validate --measurements "
        + table("off.csv", "MobileNet v1,224x224,100,100,mobilenet_v1,0.25\n"));
    EXPECT_EQ(off.exitCode, 1) << off.out << off.err;
    EXPECT_THAT(off.out, HasSubstr("NO"));
}

TEST_F(ValidateCli, BadInputExitsTwoWithOneLine)
{
    CliResult bad = run("validate --measurements "
        + quoted(write("bad.csv", std::string(kColumns) + "X,224x224,fast,1,,0.25\n")));
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_THAT(bad.err, HasSubstr("bad.csv:2: usb_ms must be a non-negative number"));
    EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1);
    CliResult unknownModel = run("validate --measurements "
        + quoted(write("unknown.csv", std::string(kColumns) + "X,224x224,1,1,alexnet,0.25\n")));
    EXPECT_EQ(unknownModel.exitCode, 2);
    EXPECT_THAT(unknownModel.err, HasSubstr("alexnet"));
    EXPECT_EQ(run("validate --frobnicate").exitCode, 2);
    EXPECT_EQ(run("validate --measurements /nonexistent.csv").exitCode, 2);
}

// CI runs validate with the shipped known-outside list: every figure within its tolerance today
// must stay there, and every listed one must still be outside (the list only shrinks).
TEST_F(ValidateCli, ShippedKnownOutsideListCoversExactlyTheFiguresOutside)
{
    const auto list = sourceDir() / "resources/measurements/known_outside.csv";
    CliResult r = runWithin(kStudySeconds, "validate --format csv --known-outside " + quoted(list));
    EXPECT_EQ(r.exitCode, 0) << r.err;
    size_t listed = 0;
    for (const auto& row : csvRows(readWholeFile(list)))
        listed += !row.empty() && !row[0].empty() && row[0][0] != '#' && row[0] != "source";
    size_t known = 0;
    for (const auto& row : csvRows(r.out)) {
        ASSERT_EQ(row.size(), 9u);
        EXPECT_NE(row[8], "NO") << row[1] << " " << row[2] << " is outside and not listed";
        known += row[8] == "NO (known)" ? 1 : 0;
    }
    EXPECT_EQ(known, listed);
}

TEST_F(ValidateCli, KnownOutsideRowsPassOthersFailAndListedRowsInsideFail)
{
    auto table = [&](const std::string& name, const std::string& usbMs) {
        return quoted(write(name,
            std::string("# source: test\n") + kColumns + "MobileNet v1,224x224," + usbMs
                + ",2.4,mobilenet_v1,0.25\n"));
    };
    const std::string list = quoted(write("known.csv",
        "# test list\nsource,model,design,unit,reason\n"
        "Coral,MobileNet v1 (224x224),coral_usb,ms,claimed 100 ms, far off\n"));
    // The USB row is outside and listed: known, passes; the Dev Board row is within tolerance.
    CliResult known
        = run("validate --measurements " + table("off.csv", "100") + " --known-outside " + list);
    EXPECT_EQ(known.exitCode, 0) << known.out << known.err;
    EXPECT_THAT(known.out, HasSubstr("NO (known)"));
    EXPECT_THAT(known.out,
        HasSubstr("1 of 2 published figures within tolerance; 1 outside and "
                  "listed in"));
    // Without the list the same run fails.
    EXPECT_EQ(run("validate --measurements " + table("off2.csv", "100")).exitCode, 1);
    // The listed row back within tolerance fails until it is taken off the list.
    CliResult inside
        = run("validate --measurements " + table("ok.csv", "2.4") + " --known-outside " + list);
    EXPECT_EQ(inside.exitCode, 1) << inside.out;
    EXPECT_THAT(inside.err,
        HasSubstr("known.csv:3: Coral / MobileNet v1 (224x224) / coral_usb: within its tolerance "
                  "now; take it off the known-outside list"));
    // A row outside that the list does not name still fails.
    CliResult devboard = run("validate --measurements "
        + quoted(write("dev.csv",
            std::string("# source: test\n") + kColumns
                + "MobileNet v1,224x224,100,100,mobilenet_v1,0.25\n"))
        + " --known-outside " + list);
    EXPECT_EQ(devboard.exitCode, 1) << devboard.out;
    EXPECT_THAT(devboard.out, HasSubstr("1 outside and not listed"));
}

TEST_F(ValidateCli, BadKnownOutsideListExitsTwoWithOneLine)
{
    const std::string table = quoted(write("t.csv",
        std::string("# source: test\n") + kColumns
            + "MobileNet v1,224x224,2.4,2.4,mobilenet_v1,0.25\n"));
    auto check = [&](const std::string& name, const std::string& body, const std::string& message) {
        CliResult r = run("validate --measurements " + table + " --known-outside "
            + quoted(write(name, "source,model,design,unit,reason\n" + body)));
        EXPECT_EQ(r.exitCode, 2) << name << r.out;
        EXPECT_THAT(r.err, HasSubstr(name + ":" + message)) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    };
    check("short.csv", "Coral,MobileNet v1 (224x224)\n",
        "2: expected source,model,design,unit,reason");
    check("twice.csv",
        "Coral,MobileNet v1 (224x224),coral_usb,ms,a\nCoral,MobileNet v1 "
        "(224x224),coral_usb,ms,b\n",
        "3: listed twice (first at");
    check("nothing.csv", "Coral,VGG16 (224x224),coral_usb,ms,not in this run\n",
        "2: names no figure of this run: Coral / VGG16 (224x224) / coral_usb / ms");
    CliResult missing = run("validate --known-outside /nonexistent/known.csv");
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_THAT(missing.err, HasSubstr("/nonexistent/known.csv"));
}

// The architectures `mensa validate` compares can be written out and opened: each file
// simulates to the latency the validation row prints (one computation behind both).
TEST_F(ValidateCli, ValidationArchitecturesWriteOutAndSimulateToTheirRows)
{
    const auto dir = m_dir / "validation";
    CliResult r = runWithin(120, "generate-samples --validation --out " + quoted(dir));
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("wrote 16 validation architectures to "));
    for (const char* name : { "vgg16", "densenet121", "inception_v1", "alexnet",
             "mobilenet_v1_050_128", "vgg19", "resnet50_v2", "resnet152_v2", "inception_v4",
             "inception_resnet_v2", "efficientnet_edgetpu_m", "unet_mv2", "squeezenet1_0",
             "deeplabv3_mnv2", "ssd_mobilenet_v1", "ssd_mobilenet_v2" })
        EXPECT_TRUE(std::filesystem::exists(dir / (std::string(name) + ".onnx"))) << name;

    CliResult v = runWithin(kStudySeconds,
        "validate --format csv --measurements "
            + quoted(sourceDir() / "resources/measurements/coral_published.csv"));
    // A model whose parameters spill over the link, and one the host finishes (DeepLab: from
    // its first resize on, on the Dev Board's CPU).
    for (const auto& [file, label, design] :
        { std::tuple { "inception_resnet_v2", "Inception-ResNet V2 (299x299)", "coral_usb" },
            std::tuple { "deeplabv3_mnv2", "DeepLab V3 (513x513)", "coral_devboard" } }) {
        CliResult sim = runWithin(120,
            "simulate " + quoted(dir / (std::string(file) + ".onnx")) + " --accel " + design
                + " --format json");
        ASSERT_EQ(sim.exitCode, 0) << sim.err;
        EXPECT_EQ(sim.err, ""); // shapes only, and said so: no missing-weights warning
        // The layers the host runs say so: DeepLab's two resizes and its argmax (operators the
        // Edge TPU does not map), and the three others after the first resize.
        const bool deeplab = std::string(file) == "deeplabv3_mnv2";
        EXPECT_EQ(count(sim.out, "\"note\": \"host CPU (host operator)\""), deeplab ? 3 : 0);
        EXPECT_EQ(count(sim.out, "\"note\": \"host CPU (after the first host operator)\""),
            deeplab ? 3 : 0);
        const std::string key = "\"latency_s\": ";
        const size_t at = sim.out.find(key);
        ASSERT_NE(at, std::string::npos) << sim.out.substr(0, 500);
        const double simulatedMs = std::stod(sim.out.substr(at + key.size())) * 1e3;
        double validatedMs = 0;
        for (const auto& row : csvRows(v.out))
            if (row.size() == 9 && row[1] == label && row[2] == design)
                validatedMs = std::stod(row[3]);
        ASSERT_GT(validatedMs, 0) << v.out;
        EXPECT_NEAR(simulatedMs, validatedMs, 0.005 + 1e-9) << file;
    }

    r = run("generate-samples --validation --with-weights --out " + quoted(dir));
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_THAT(r.err, HasSubstr("--with-weights applies to the sample suite"));
}
