// One number, one owner: a model run on a design gives one set of numbers (cost, schedule,
// per-accelerator table), whatever reads them, on every sample model, design and objective,
// and on perturbed specs too (agreement by construction, not by the shipped constants).
#include "analysis/Analysis.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "onnx/OnnxImporter.h"
#include "study/Reproduction.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

using namespace mensa;

namespace {

std::filesystem::path sourceDir()
{
    const char* dir = std::getenv("MENSA_SOURCE_DIR");
    return dir && *dir ? dir : MENSA_SOURCE_DIR;
}

const std::vector<std::shared_ptr<const Model>>& sampleModels()
{
    static const auto models = [] {
        std::vector<std::filesystem::path> paths;
        for (const auto& entry : std::filesystem::directory_iterator(sourceDir() / "sample_models"))
            if (entry.path().extension() == ".onnx")
                paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
        std::vector<std::shared_ptr<const Model>> out;
        for (const auto& p : paths)
            out.push_back(std::make_shared<const Model>(importOnnxFile(p.string(), {})));
        return out;
    }();
    return models;
}

const std::vector<std::string> kObjectives = { "latency", "energy", "edp", "weighted:0.5" };

double makespan(const Schedule& s)
{
    double end = 0;
    for (const auto& e : s.events)
        if (e.inference == 0)
            end = std::max(end, e.end);
    return end;
}

bool near(double a, double b)
{
    return std::fabs(a - b) <= 1e-12 * std::max({ 1.0, std::fabs(a), std::fabs(b) });
}

// The per-level reads and writes are the traffic and the storage energy, split: every byte
// count and joule of a level is one the layer's other figures already carry.
void expectLevelsCarryTrafficAndEnergy(const ModelCost& c, const std::string& where)
{
    StorageAccesses sum;
    for (size_t i = 0; i < c.layers.size(); ++i) {
        const LayerCost& l = c.layers[i];
        const auto& lv = l.levels;
        const std::string at = where + " layer " + std::to_string(i);
        EXPECT_TRUE(near(lv[StorageLevel::OffChip].bytes(), l.traffic.dramBytes)) << at;
        EXPECT_TRUE(near(
            lv[StorageLevel::ParameterStore].bytes() + lv[StorageLevel::ActivationStore].bytes(),
            l.traffic.bufferBytes))
            << at;
        EXPECT_TRUE(near(lv[StorageLevel::RegisterFile].bytes(), l.traffic.registerBytes)) << at;
        EXPECT_TRUE(
            near(lv[StorageLevel::ParameterStore].joules + lv[StorageLevel::ActivationStore].joules,
                l.energy[EnergyComponent::Buffer]))
            << at;
        EXPECT_TRUE(
            near(lv[StorageLevel::RegisterFile].joules, l.energy[EnergyComponent::RegisterFile]))
            << at;
        if (l.traffic.hostLinkBytes == 0) {
            EXPECT_TRUE(near(lv[StorageLevel::OffChip].joules, l.energy[EnergyComponent::OffChip]))
                << at;
        }
        for (const StorageAccess& level : lv.levels)
            EXPECT_TRUE(level.reads >= 0 && level.writes >= 0 && level.joules >= 0) << at;
        sum += lv;
    }
    for (int k = 0; k < kStorageLevelCount; ++k) {
        const StorageAccess& model = c.levels.levels[size_t(k)];
        EXPECT_EQ(model.name, toString(StorageLevel(k))) << where;
        EXPECT_TRUE(near(model.reads, sum.levels[size_t(k)].reads)) << where << " level " << k;
        EXPECT_TRUE(near(model.writes, sum.levels[size_t(k)].writes)) << where << " level " << k;
        EXPECT_TRUE(near(model.joules, sum.levels[size_t(k)].joules)) << where << " level " << k;
    }
}

void expectOneSetOfNumbers(const Model& model, const AcceleratorSystem& system,
    const DesignRun& run, const std::string& where)
{
    const ModelCost& c = run.cost;
    ASSERT_EQ(c.layers.size(), model.layers.size()) << where;
    EXPECT_EQ(c.latency, run.schedule.latency) << where;
    EXPECT_EQ(c.energyPerInference, run.schedule.energy) << where;
    EXPECT_EQ(makespan(run.schedule), c.latency) << where << ": the Gantt makespan is the latency";
    EnergyBreakdown layers;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const LayerCost& chosen = run.table.at(int(i), c.assignment[i]);
        EXPECT_EQ(c.layers[i].seconds, chosen.seconds) << where << " layer " << i;
        EXPECT_EQ(c.layers[i].energy.total(), chosen.energy.total()) << where << " layer " << i;
        layers += c.layers[i].energy;
    }
    const double tol = 1e-12 * c.energyPerInference;
    for (int k = 0; k < kEnergyComponentCount; ++k)
        EXPECT_NEAR(layers.joules[size_t(k)], c.energy.joules[size_t(k)], tol)
            << where << " component " << k;
    EXPECT_NEAR(layers.total() + c.transferJoules, c.energyPerInference, tol) << where;
    double perAccelerator = c.transferJoules;
    for (const auto& e : run.schedule.energyPerAccelerator)
        perAccelerator += e.total();
    EXPECT_NEAR(perAccelerator, c.energyPerInference, tol) << where;
    expectLevelsCarryTrafficAndEnergy(c, where);
    // Whole-model simulation of the same mapping is the same computation.
    const ModelCost again = simulateAssignment(model, system, c.assignment, run.policy.objective);
    EXPECT_EQ(again.latency, c.latency) << where;
    EXPECT_EQ(again.energyPerInference, c.energyPerInference) << where;
}

// The shipped Mensa spec with Pascal's MAC energy doubled and every link's energy tripled.
AcceleratorSystem perturbedMensa()
{
    std::ifstream in(sourceDir() / "resources/accelerators/mensa.textproto");
    std::string text { std::istreambuf_iterator<char>(in), {} };
    text = std::regex_replace(text, std::regex("mac_energy_pj: 0\\.23"), "mac_energy_pj: 0.46",
        std::regex_constants::format_first_only);
    text
        = std::regex_replace(text, std::regex("energy_pj_per_byte: 56"), "energy_pj_per_byte: 168");
    text = std::regex_replace(text, std::regex("energy_pj_per_byte: 14"), "energy_pj_per_byte: 42");
    return buildSystem(parseSystemSpecText(text, "perturbed_mensa.textproto"));
}

} // namespace

TEST(OneOwner, EverySampleModelDesignAndObjectiveGivesOneSetOfNumbers)
{
    ASSERT_GE(sampleModels().size(), 10u);
    for (const std::string& design : defaultDesignNames()) {
        const AcceleratorSystem system = loadSystem(design);
        for (const auto& model : sampleModels())
            for (const std::string& objective : kObjectives) {
                const DesignRun run = runOnDesign(*model, system, MappingPolicy::parse(objective));
                expectOneSetOfNumbers(
                    *model, system, run, model->name + " on " + design + " (" + objective + ")");
            }
    }
}

TEST(OneOwner, PerturbedSpecsStillAgree)
{
    const AcceleratorSystem system = perturbedMensa();
    const AcceleratorSystem shipped = loadSystem("mensa");
    int differs = 0;
    for (const auto& model : sampleModels()) {
        const DesignRun run = runOnDesign(*model, system);
        expectOneSetOfNumbers(*model, system, run, model->name + " on perturbed mensa");
        differs
            += run.cost.energyPerInference != runOnDesign(*model, shipped).cost.energyPerInference;
    }
    EXPECT_GT(differs, 0) << "the perturbation must change some result";
}

// The devices and processors beyond the default designs split their traffic by level too:
// the Coral devices move streamed weights over the host link (off the DRAM level), the
// processors read and write only DRAM.
TEST(OneOwner, EveryBuiltInDeviceSplitsItsTrafficByLevel)
{
    for (const std::string design :
        { "coral_usb", "coral_devboard", "jetson_xavier", "hikey970" }) {
        const AcceleratorSystem system = loadSystem(design);
        for (const auto& model : sampleModels()) {
            const DesignRun run = runOnDesign(*model, system);
            expectLevelsCarryTrafficAndEnergy(run.cost, model->name + " on " + design);
            // Every model crosses the chip boundary somewhere: DRAM, or a Coral's host link.
            EXPECT_GT(
                run.cost.levels[StorageLevel::OffChip].bytes() + run.cost.traffic.hostLinkBytes, 0)
                << design;
        }
    }
}

TEST(OneOwner, StudyAndAnalysisCarryTheSameRun)
{
    std::vector<StudyModel> study;
    for (const auto& model : sampleModels())
        study.push_back({ "CNN", *model });
    StudySystems systems { loadSystem("edge_tpu"), loadSystem("eyeriss_v2"), loadSystem("mensa"),
        MappingPolicy::defaults() };
    const auto runs = runStudy(study, systems);
    const Analysis a = analyse(sampleModels(), loadDesignsOrThrow(defaultDesignNames()));
    ASSERT_EQ(runs.size(), a.models.size());
    for (size_t m = 0; m < runs.size(); ++m) {
        const ModelCost* byDesign[] = { &runs[m].edgeTpu, &runs[m].eyeriss, &runs[m].mensa };
        for (int d = 0; d < 3; ++d) {
            const DesignRun* run = a.run(int(m), d);
            ASSERT_NE(run, nullptr) << a.models[m]->name;
            EXPECT_EQ(byDesign[d]->latency, run->cost.latency)
                << a.models[m]->name << " design " << d;
            EXPECT_EQ(byDesign[d]->energyPerInference, run->cost.energyPerInference)
                << a.models[m]->name;
            EXPECT_EQ(byDesign[d]->energy.joules, run->cost.energy.joules) << a.models[m]->name;
        }
        EXPECT_EQ(runs[m].mensaSchedule.latency, a.run(int(m), 2)->schedule.latency);
    }
}

TEST(OneOwner, ClustersOfSeveralModelsAreComputedJointly)
{
    const auto& models = sampleModels();
    const std::vector<std::shared_ptr<const Model>> two = { models[0], models[1] };
    const LayerGrouping g = groupLayers(two);
    ASSERT_TRUE(g.clusters.has_value());
    ASSERT_EQ(g.clusterOf.size(), 2u);
    // Every compute layer of both models has a cluster of the one joint report.
    for (size_t m = 0; m < 2; ++m)
        for (size_t i = 0; i < two[m]->layers.size(); ++i)
            if (isCompute(two[m]->layers[i].kind)) {
                EXPECT_GE(g.clusterOf[m][i], 0) << two[m]->name << " layer " << i;
            }
    int labelled = 0;
    for (const auto& row : g.clusterOf)
        labelled += int(std::count_if(row.begin(), row.end(), [](int c) { return c >= 0; }));
    EXPECT_EQ(size_t(labelled), g.clusters->layers.size());
}

TEST(OneOwner, PolicyIsNamedAndAnUnknownObjectiveIsRefused)
{
    EXPECT_EQ(MappingPolicy::defaults().name(), "edp");
    EXPECT_NE(MappingPolicy::defaults().describe().find("edp"), std::string::npos);
    EXPECT_EQ(MappingPolicy::parse("weighted:0.25").name(), "weighted:0.25");
    EXPECT_THROW(MappingPolicy::parse("fastest"), MensaError);
    EXPECT_THROW(MappingPolicy::parse("edp", 65), MensaError);
}
