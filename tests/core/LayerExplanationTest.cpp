// The "Explain this layer" text: every number it shows is a field of the cost model's own
// result, and the fold arithmetic it reports is the SCALE-Sim arithmetic of the layer.
#include "analysis/LayerExplanation.h"
#include "cost/SystemLoader.h"
#include "cost/SystolicCostModel.h"

#include "CostTestModels.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mensa;

namespace {

std::string sourceDir()
{
    const char* src = std::getenv("MENSA_SOURCE_DIR");
    return src ? src : MENSA_SOURCE_DIR;
}

AcceleratorSystem builtinSystem(const std::string& name)
{
    setenv("MENSA_RESOURCES_DIR", (sourceDir() + "/resources/accelerators").c_str(), 1);
    return loadSystem(name);
}

// A one-step LSTM (Sr = 1) with 256 hidden units and 256 inputs, a conv and a softmax.
Model teachingModel()
{
    testmodels::LayerModelBuilder b("teaching");
    auto x = b.input("image", { 16, 28, 28 });
    x = b.conv(x, 64, 3);
    b.custom(x, "Softmax");
    auto s = b.input("sequence", { 256, 1, 1 });
    b.lstm(s, 256);
    return b.build();
}

const Layer& layerOfKind(const Model& m, LayerKind kind)
{
    for (const Layer& l : m.layers)
        if (l.kind == kind)
            return l;
    throw std::runtime_error("no such layer");
}

void expectNumber(const LayerExplanation& e, const std::string& key, double value)
{
    ASSERT_TRUE(e.numbers.count(key)) << key << " missing from\n" << e.text();
    EXPECT_EQ(e.numbers.at(key), value) << key;
}

} // namespace

TEST(LayerExplanation, NumbersAreTheCostResultsFields)
{
    const Model m = teachingModel();
    const Layer& conv = layerOfKind(m, LayerKind::Conv);
    const AcceleratorSystem edge = builtinSystem("edge_tpu");
    const LayerCost cost = edge.accelerators.front()->evaluate(conv);
    const LayerExplanation e = explainLayer(conv, { "edge_tpu", "edge_tpu", &cost });
    EXPECT_EQ(
        e.title, "Conv_0 (Conv) on edge_tpu"); // the design is its one accelerator: named once
    const ArrayFolds& f = cost.folds;
    expectNumber(e, "folds.rowFolds", f.rowFolds);
    expectNumber(e, "folds.colFolds", f.colFolds);
    expectNumber(e, "folds.mappedRows", f.mappedRows);
    expectNumber(e, "folds.mappedCols", f.mappedCols);
    expectNumber(e, "folds.loadCycles", f.loadCycles);
    expectNumber(e, "folds.fillDrainCycles", f.fillDrainCycles);
    expectNumber(e, "folds.streamCycles", f.streamCycles);
    expectNumber(e, "folds.cyclesPerPass", f.cyclesPerPass);
    expectNumber(e, "folds.passes", f.passes);
    expectNumber(e, "computeCycles", cost.computeCycles);
    expectNumber(e, "memoryCycles", cost.memoryCycles);
    expectNumber(e, "memory.dram", cost.memory.dram);
    expectNumber(e, "cycles", cost.cycles);
    expectNumber(e, "utilization", cost.utilization);
    expectNumber(e, "spatialUtilization", cost.spatialUtilization);
    expectNumber(e, "energy.total", cost.energy.total());
    expectNumber(e, "energy.MAC", cost.energy[EnergyComponent::Mac]);
    // The conv is 3x3 over 16 channels: T = 144 spans 3 row folds of 64, N = 64 one column fold.
    EXPECT_EQ(f.t, 144);
    EXPECT_EQ(f.rowFolds, 3);
    EXPECT_EQ(f.colFolds, 1);
    EXPECT_EQ(f.sr, 28 * 28);
    EXPECT_EQ(f.dataflow, "weight stationary");
    EXPECT_EQ(f.cyclesPerPass * f.passes, cost.computeCycles);
    EXPECT_NE(e.text().find("3 folds"), std::string::npos) << e.text();
    // The loop nest the buffer counts come from: N folds, T folds, Sr streamed; inputs read
    // once per N fold, partial sums round-tripping once per extra T fold.
    expectNumber(e, "folds.loopTrips.0", 1);
    expectNumber(e, "folds.loopTrips.1", 3);
    expectNumber(e, "folds.loopTrips.2", 28 * 28);
    expectNumber(e, "folds.weightFetches", 1);
    expectNumber(e, "folds.inputFetches", 1);
    expectNumber(e, "folds.psumSpills", 2);
    EXPECT_NE(
        e.text().find("outer to inner: N 1 fold, T 3 folds, Sr 784 streamed"), std::string::npos)
        << e.text();
    // A dense conv has one packing: one legal mapping, chosen for the default policy's edp.
    expectNumber(e, "folds.mappingCandidates", f.mappingCandidates);
    EXPECT_EQ(f.mappingCandidates, 1);
    EXPECT_NE(
        e.text().find("Chosen for edp: the array's dataflow fixes the mapping"), std::string::npos)
        << e.text();
}

// The memory-level section shows each level's reads, writes and joules as the cost result
// carries them, under the spec's own name for the store, and skips levels the layer does not
// touch (the conv's activations fit: no DRAM line).
TEST(LayerExplanation, MemoryLevelsAreTheCostResultsReadsAndWrites)
{
    const Model m = teachingModel();
    const Layer& conv = layerOfKind(m, LayerKind::Conv);
    const AcceleratorSystem edge = builtinSystem("edge_tpu");
    const LayerCost cost = edge.accelerators.front()->evaluate(conv);
    const LayerExplanation e = explainLayer(conv, { "edge_tpu", "edge_tpu", &cost });
    for (StorageLevel level : { StorageLevel::ParameterStore, StorageLevel::ActivationStore,
             StorageLevel::RegisterFile }) {
        const std::string key = "levels." + std::string(toString(level)) + ".";
        expectNumber(e, key + "reads", cost.levels[level].reads);
        expectNumber(e, key + "writes", cost.levels[level].writes);
        expectNumber(e, key + "joules", cost.levels[level].joules);
    }
    EXPECT_EQ(e.numbers.count("levels.off-chip memory.reads"), 0u) << e.text();
    const std::string text = e.text();
    EXPECT_NE(text.find("Memory levels"), std::string::npos) << text;
    EXPECT_NE(text.find("parameter buffer: "), std::string::npos) << text;
    EXPECT_NE(text.find("activation buffer: "), std::string::npos) << text;
    EXPECT_EQ(text.find("DRAM: "), std::string::npos) << text;
}

// When weights and activations both overflow the chip, the explanation names the DRAM loop
// order the objective took and its tile counts, as the cost result carries them; a layer whose
// weights need no tiling has no such line.
TEST(LayerExplanation, TiledLayersNameTheirDramLoopOrder)
{
    testmodels::LayerModelBuilder b("big");
    b.conv(b.input("x", { 256, 112, 112 }), 256, 3);
    const Model m = b.build();
    const AcceleratorSystem coral = builtinSystem("coral_usb");
    EvaluationContext context;
    context.parameters = EvaluationContext::Residency::Streamed;
    context.stagingBytes = 65536;
    context.objective = Objective::energy();
    const LayerCost cost = coral.accelerators.front()->evaluateIn(m.layers.at(0), context);
    const LayerExplanation e = explainLayer(m.layers.at(0), { "coral_usb", "coral_usb", &cost });
    expectNumber(e, "folds.weightTiles", cost.folds.weightTiles);
    expectNumber(e, "folds.activationTiles", cost.folds.activationTiles);
    EXPECT_NE(e.text().find("activations outer, so the weights are fetched once per activation "
                            "tile (chosen for energy over the other order)"),
        std::string::npos)
        << e.text();

    const LayerCost small = builtinSystem("edge_tpu")
                                .accelerators.front()
                                ->evaluate(layerOfKind(teachingModel(), LayerKind::Conv));
    EXPECT_TRUE(small.folds.tileOrder.empty());
    const Model teaching = teachingModel();
    const LayerExplanation plain
        = explainLayer(layerOfKind(teaching, LayerKind::Conv), { "edge_tpu", "edge_tpu", &small });
    EXPECT_EQ(plain.text().find(" outer, so "), std::string::npos) << plain.text();
}

TEST(LayerExplanation, LstmStepUsesLittleOfTheArrayBecauseSrIsOne)
{
    const Model m = teachingModel();
    const Layer& lstm = layerOfKind(m, LayerKind::Lstm);
    const AcceleratorSystem edge = builtinSystem("edge_tpu");
    const LayerCost cost = edge.accelerators.front()->evaluate(lstm);
    const LayerExplanation e = explainLayer(lstm, { "edge_tpu", "edge_tpu", &cost });
    // SCALE-Sim on 64x64: Sr = 1 streams 1 cycle per fold after a 64-cycle weight load
    // (64 bytes per cycle) and a 126-cycle skew, so the array is busy ~1/191 of the time.
    EXPECT_EQ(cost.folds.sr, 1);
    EXPECT_EQ(cost.folds.streamCycles, 1);
    EXPECT_EQ(cost.folds.loadCycles, 64);
    EXPECT_EQ(cost.folds.fillDrainCycles, 126);
    EXPECT_LT(cost.utilization, 0.01);
    const std::string text = e.text();
    EXPECT_NE(text.find("streams only 1 cycle (Sr)"), std::string::npos) << text;
    EXPECT_NE(text.find("of the 64x64 array"), std::string::npos) << text;
}

// Output stationary's per-fold overhead is draining outputs, not loading a stationary operand:
// a 1x1 conv from 4 channels streams T = 4 cycles per fold on the Edge TPU run output
// stationary, and the headline names the drain.
TEST(LayerExplanation, OutputStationaryHeadlineSaysDraining)
{
    testmodels::LayerModelBuilder b("narrow");
    b.conv(b.input("x", { 4, 16, 16 }), 64, 1);
    const Layer conv = b.build().layers.at(0);
    builtinSystem("edge_tpu"); // points MENSA_RESOURCES_DIR at the built-in specs
    auto spec
        = std::make_shared<spec::AcceleratorSpec>(loadSystemSpec("edge_tpu")->accelerators(0));
    spec->set_dataflow(spec::OUTPUT_STATIONARY);
    const LayerCost cost = SystolicCostModel(spec).evaluate(conv);
    ASSERT_EQ(cost.folds.dataflow, "output stationary");
    EXPECT_EQ(cost.folds.streamCycles, 4);
    const std::string text = explainLayer(conv, { "os", "os", &cost }).text();
    EXPECT_NE(text.find("streams only 4 cycles (T) against"), std::string::npos) << text;
    EXPECT_NE(text.find("cycles of draining and"), std::string::npos) << text;
    EXPECT_EQ(text.find("cycles of loading"), std::string::npos) << text;
}

TEST(LayerExplanation, VectorAndRowStationaryLayersExplainTheirOwnPath)
{
    const Model m = teachingModel();
    const AcceleratorSystem edge = builtinSystem("edge_tpu");
    const Layer& softmax = layerOfKind(m, LayerKind::Other);
    const LayerCost vector = edge.accelerators.front()->evaluate(softmax);
    const LayerExplanation v = explainLayer(softmax, { "edge_tpu", "edge_tpu", &vector });
    EXPECT_TRUE(vector.folds.dataflow.empty());
    expectNumber(v, "folds.vectorLanes", vector.folds.vectorLanes);
    EXPECT_GT(vector.folds.vectorLanes, 0);

    const Layer& conv = layerOfKind(m, LayerKind::Conv);
    const AcceleratorSystem eyeriss = builtinSystem("eyeriss_v2");
    const LayerCost rs = eyeriss.accelerators.front()->evaluate(conv);
    EXPECT_EQ(rs.folds.dataflow, "row stationary");
    EXPECT_EQ(rs.folds.cyclesPerPass * rs.folds.passes, rs.computeCycles);
    const LayerCost ws = edge.accelerators.front()->evaluate(conv);
    const LayerExplanation e
        = explainLayer(conv, { "edge_tpu", "edge_tpu", &ws }, { { "eyeriss_v2", "eyeriss", &rs } });
    expectNumber(e, "other.eyeriss_v2.utilization", rs.utilization);
    expectNumber(e, "other.eyeriss_v2.seconds", rs.seconds);
    EXPECT_NE(e.text().find("On other designs"), std::string::npos);
    EXPECT_NE(e.text().find("\n  eyeriss_v2 (eyeriss): "), std::string::npos) << e.text();
    const LayerExplanation same = explainLayer(
        conv, { "edge_tpu", "edge_tpu", &ws }, { { "eyeriss_v2", "eyeriss_v2", &rs } });
    EXPECT_NE(same.text().find("\n  eyeriss_v2: "), std::string::npos) << same.text();
}
