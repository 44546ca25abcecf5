#include "study/Reproduction.h"
#include "cost/SpecCostModel.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"
#include "util/TextFormat.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

using namespace mensa;

namespace {

StudySystems builtInSystems()
{
    return { loadSystem("edge_tpu"), loadSystem("eyeriss_v2"), loadSystem("mensa"), {} };
}

// A CNN, an LSTM and a transducer of the sample suite.
std::vector<StudyModel> threeModels()
{
    std::vector<StudyModel> picked;
    for (auto& m : sampleSuiteStudyModels())
        if (m.model.name == "mobilenet_v2" || m.model.name == "lstm_keyword_spotting"
            || m.model.name == "rnnt_phoneme")
            picked.push_back(std::move(m));
    return picked;
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

size_t columns(const std::string& line)
{
    return std::count(line.begin(), line.end(), ',') + 1;
}

} // namespace

TEST(Reproduction, SuiteModelsCarryTheirKinds)
{
    auto models = sampleSuiteStudyModels();
    ASSERT_GE(models.size(), 16u);
    EXPECT_EQ(models.front().model.name, "mobilenet_v1");
    EXPECT_EQ(models.front().kind, "CNN");
    EXPECT_TRUE(std::any_of(
        models.begin(), models.end(), [](const StudyModel& m) { return m.kind == "Transducer"; }));
}

TEST(Reproduction, GainsAreRatiosOfThroughputAndInverseEnergy)
{
    auto runs = runStudy(threeModels(), builtInSystems());
    ASSERT_EQ(runs.size(), 3u);
    for (const auto& run : runs) {
        MensaGains g = mensaGains(run);
        EXPECT_DOUBLE_EQ(
            g.throughputVsEdgeTpu, run.mensa.inferencesPerSecond / run.edgeTpu.inferencesPerSecond);
        EXPECT_DOUBLE_EQ(g.energyEfficiencyVsEyeriss,
            run.eyeriss.energyPerInference / run.mensa.energyPerInference);
        ASSERT_EQ(run.mensaEnergyPerAccelerator.size(), run.mensaAccelerators.size());
        double layers = 0;
        for (const auto& e : run.mensaEnergyPerAccelerator)
            layers += e.total();
        EXPECT_NEAR(layers, run.mensa.energy.total(), 1e-9 * run.mensa.energy.total());
    }
}

TEST(Reproduction, GeomeanKeepsAKindSharedByAllAndClearsAMixedOne)
{
    MensaGains a { "a", "LSTM", 2, 1, 4, 9 };
    MensaGains b { "b", "LSTM", 8, 4, 1, 1 };
    MensaGains g = geomeanGains({ a, b });
    EXPECT_DOUBLE_EQ(g.throughputVsEdgeTpu, 4.0);
    EXPECT_DOUBLE_EQ(g.energyEfficiencyVsEdgeTpu, 2.0);
    EXPECT_DOUBLE_EQ(g.throughputVsEyeriss, 2.0);
    EXPECT_DOUBLE_EQ(g.energyEfficiencyVsEyeriss, 3.0);
    EXPECT_EQ(g.kind, "LSTM");
    b.kind = "CNN";
    EXPECT_EQ(geomeanGains({ a, b }).kind, "");
}

TEST(Reproduction, EveryDesignRunsUnderTheStudyPolicy)
{
    StudySystems systems = builtInSystems();
    systems.policy = MappingPolicy::parse("latency");
    auto latencyRuns = runStudy(threeModels(), systems);
    systems.policy = MappingPolicy::parse("energy");
    auto energyRuns = runStudy(threeModels(), systems);
    const auto models = threeModels();
    for (size_t i = 0; i < models.size(); ++i) {
        const ModelCost expected = runOnDesign(models[i].model, systems.mensa, systems.policy).cost;
        EXPECT_EQ(energyRuns[i].mensa.energyPerInference, expected.energyPerInference)
            << models[i].model.name;
        EXPECT_EQ(energyRuns[i].mensa.latency, expected.latency) << models[i].model.name;
        EXPECT_EQ(energyRuns[i].mensaSchedule.latency, expected.latency) << models[i].model.name;
        // Each objective wins on its own measure (up to the search's exactness).
        EXPECT_LE(latencyRuns[i].mensa.latency, energyRuns[i].mensa.latency * (1 + 1e-9))
            << models[i].model.name;
        EXPECT_LE(energyRuns[i].mensa.energyPerInference,
            latencyRuns[i].mensa.energyPerInference * (1 + 1e-9))
            << models[i].model.name;
    }
}

TEST(Reproduction, TablesHaveAHeaderARowPerModelAndConsistentColumns)
{
    auto runs = runStudy(threeModels(), builtInSystems());
    auto edge = lines(edgeTpuTableCsv(runs));
    ASSERT_EQ(edge.size(), 1 + runs.size());
    for (const auto& line : edge)
        EXPECT_EQ(columns(line), columns(edge[0])) << line;

    auto energy = lines(energyBreakdownCsv(runs));
    const size_t perModel = 3 + runs[0].mensaAccelerators.size();
    ASSERT_EQ(energy.size(), 1 + runs.size() * perModel);
    for (const auto& line : energy)
        EXPECT_EQ(columns(line), columns(energy[0])) << line;

    auto gains = lines(mensaGainsCsv(runs));
    // models, a geomean per kind (3 kinds here), the overall geomean, the paper's row
    ASSERT_EQ(gains.size(), 1 + runs.size() + 3 + 1 + 1);
    EXPECT_EQ(gains.back(), "paper-reported,24 Google models,3.1,3,4.3,2.4");
    EXPECT_EQ(gains[gains.size() - 2].rfind("geomean,all,", 0), 0u);
}

TEST(Reproduction, SummaryPutsThePaperReportedAveragesBesideTheMeasuredOnes)
{
    auto runs = runStudy(threeModels(), builtInSystems());
    std::string md = studySummaryMarkdown(runs);
    EXPECT_NE(md.find("*paper-reported average*"), std::string::npos);
    EXPECT_NE(md.find("| 3.10x | 3.00x | 4.30x | 2.40x |"), std::string::npos);
    EXPECT_NE(md.find("| **geomean** | all |"), std::string::npos);
    for (const auto& run : runs)
        EXPECT_NE(md.find("| " + run.model + " |"), std::string::npos) << run.model;
}

TEST(Reproduction, RejectsAnEmptySystem)
{
    StudySystems systems = builtInSystems();
    systems.mensa = AcceleratorSystem {};
    EXPECT_THROW(runStudy(threeModels(), systems), MensaError);
}

// "Share of peak efficiency" divides by the peak of the Edge TPU spec the study ran on
// (CostModel::peakOpsPerWatt), not by a constant: a user's spec with 10x the static power
// has a lower peak, and the shares follow it.
TEST(Reproduction, ShareOfPeakEfficiencyUsesThePeakOfTheSpec)
{
    StudySystems systems = builtInSystems();
    auto runs = runStudy(threeModels(), systems);
    const double peak = systems.edgeTpu.accelerators[0]->peakOpsPerWatt() / 1e12;
    auto leaky = std::make_shared<spec::AcceleratorSpec>(
        dynamic_cast<const SpecCostModel&>(*systems.edgeTpu.accelerators[0]).spec());
    leaky->set_static_power_w(10 * leaky->static_power_w());
    systems.edgeTpu.accelerators[0] = makeCostModel(leaky);
    auto leakyRuns = runStudy(threeModels(), systems);
    const double leakyPeak = systems.edgeTpu.accelerators[0]->peakOpsPerWatt() / 1e12;
    EXPECT_LT(leakyPeak, 0.7 * peak);
    for (const auto* study : { &runs, &leakyRuns }) {
        const double expectedPeak = study == &runs ? peak : leakyPeak;
        auto edge = lines(edgeTpuTableCsv(*study));
        const auto header = edge[0];
        ASSERT_NE(header.find("tops_per_w,share_of_peak_efficiency"), std::string::npos);
        for (size_t i = 0; i < study->size(); ++i) {
            const auto& run = (*study)[i];
            EXPECT_DOUBLE_EQ(run.edgeTpuPeakTopsPerWatt, expectedPeak);
            std::vector<std::string> cells;
            std::istringstream row(edge[i + 1]);
            for (std::string cell; std::getline(row, cell, ',');)
                cells.push_back(cell);
            ASSERT_GE(cells.size(), 9u);
            EXPECT_NEAR(std::stod(cells[8]), run.edgeTpu.topsPerWatt / expectedPeak, 1e-5)
                << run.model;
            EXPECT_LE(std::stod(cells[8]), 1.0) << run.model; // nothing beats the peak
        }
    }
    EXPECT_NE(studySummaryMarkdown(runs).find(formatNumber(peak, "%.2f") + " TOPS/W peak"),
        std::string::npos);
}
