// The per-layer mapping choice (EvaluationContext::objective): each objective's choice is at
// least as good under that objective as the choice any other objective makes, on every layer
// shape, and a whole model run under a policy inherits it. Exact picks are pinned in
// HandDerivedCostTest; these are the properties that must hold for every layer.
#include "CostTestModels.h"
#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace mensa;
using testmodels::LayerModelBuilder;

namespace {

AcceleratorSystem builtinSystem(const std::string& name)
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    setenv("MENSA_RESOURCES_DIR",
        (std::string(src ? src : MENSA_SOURCE_DIR) + "/resources/accelerators").c_str(), 1);
    return loadSystem(name);
}

// Convolutions of several shapes, a depthwise layer, a pointwise one and a classifier.
Model mixedModel()
{
    LayerModelBuilder b("mixed");
    std::string x = b.input("x", { 3, 224, 224 });
    x = b.conv(x, 48, 11, 4);
    x = b.conv(x, 64, 5, 1);
    x = b.depthwise(x, 3, 2);
    x = b.conv(x, 128, 1);
    x = b.conv(x, 96, 3);
    x = b.fc(x, 1000);
    return b.build();
}

const std::vector<Objective> kObjectives { Objective::latency(), Objective::energy(),
    Objective::edp(), Objective::weighted(0.5) };

LayerCost evaluateFor(const CostModel& model, const Layer& layer, const Objective& objective)
{
    EvaluationContext context;
    context.objective = objective;
    return model.evaluateIn(layer, context);
}

} // namespace

TEST(MappingChoice, EachObjectiveGetsTheBestOfTheCandidatesForIt)
{
    const Model model = mixedModel();
    int differing = 0;
    for (const char* design : { "eyeriss_v2", "edge_tpu" }) {
        const AcceleratorSystem system = builtinSystem(design);
        const CostModel& acc = *system.accelerators.at(0);
        for (const Layer& layer : model.layers) {
            SCOPED_TRACE(std::string(design) + " " + layer.name);
            std::vector<LayerCost> chosen;
            for (const Objective& o : kObjectives)
                chosen.push_back(evaluateFor(acc, layer, o));
            std::vector<double> seconds, joules;
            for (const LayerCost& c : chosen)
                seconds.push_back(c.seconds), joules.push_back(c.energy.total());
            for (size_t i = 0; i < kObjectives.size(); ++i) {
                // Offered every objective's pick, objective i takes its own (or an equal one).
                const int best = kObjectives[i].best(seconds, joules);
                EXPECT_EQ(seconds[size_t(best)], seconds[i]) << kObjectives[i].toString();
                EXPECT_EQ(joules[size_t(best)], joules[i]) << kObjectives[i].toString();
            }
            EXPECT_LE(chosen[0].seconds, chosen[1].seconds);
            EXPECT_LE(chosen[1].energy.total(), chosen[0].energy.total());
            EXPECT_GE(chosen[0].folds.mappingCandidates, 1);
            differing += chosen[0].energy.total() != chosen[1].energy.total();
        }
    }
    // The choice matters somewhere (AlexNet's first conv, the pointwise conv on Eyeriss v2).
    EXPECT_GE(differing, 2);
}

TEST(MappingChoice, AWholeModelRunFollowsItsPolicysObjective)
{
    const Model model = mixedModel();
    const AcceleratorSystem eyeriss = builtinSystem("eyeriss_v2");
    const DesignRun fast = runOnDesign(model, eyeriss, MappingPolicy::parse("latency"));
    const DesignRun frugal = runOnDesign(model, eyeriss, MappingPolicy::parse("energy"));
    EXPECT_LT(fast.cost.latency, frugal.cost.latency);
    EXPECT_LT(frugal.cost.energyPerInference, fast.cost.energyPerInference);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const LayerCost& a = fast.cost.layers[i];
        const LayerCost& e = frugal.cost.layers[i];
        ASSERT_GE(a.folds.mappingCandidates, 1) << model.layers[i].name;
        EXPECT_EQ(a.folds.mappingObjective, "latency");
        EXPECT_EQ(e.folds.mappingObjective, "energy");
        EXPECT_LE(a.seconds, e.seconds) << model.layers[i].name;
        EXPECT_LE(e.energy.total(), a.energy.total()) << model.layers[i].name;
    }
    // The default policy (edp) is what a layer costed under the same residency with no
    // objective gets.
    const DesignRun byDefault = runOnDesign(model, eyeriss);
    const CostModel& acc = *eyeriss.accelerators.at(0);
    for (size_t i = 0; i < model.layers.size(); ++i) {
        EvaluationContext context = byDefault.cost.placement.at(i);
        context.objective = Objective::defaults();
        EXPECT_EQ(byDefault.cost.layers[i].folds.mappingObjective, "edp");
        EXPECT_EQ(byDefault.cost.layers[i].cycles, acc.evaluateIn(model.layers[i], context).cycles);
    }
}
