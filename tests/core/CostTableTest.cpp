#include "schedule/CostTable.h"
#include "ReferenceModels.h"
#include "cost/Simulation.h"
#include "cost/SystemLoader.h"
#include "onnx/OnnxImporter.h"
#include "schedule/MensaScheduler.h"
#include "schedule/PipelineScheduler.h"
#include "schedule/ResidencyAwareScheduling.h"
#include "schedule/SingleAcceleratorScheduler.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace mensa;

namespace {

Model lstmModel()
{
    GraphBuilder b("lstm_lm");
    std::string x = b.input("x", { 20, 1, 256 });
    x = b.lstm(x, 512);
    x = b.matmulWeights(x, 4000);
    b.output(x);
    return importOnnxBytes(b.serialize(), "lstm_lm.onnx");
}

} // namespace

TEST(CostTable, BuiltFromARealSystemMatchesItsCostModelsAndLinks)
{
    Model model = importOnnxBytes(reference::mobileNetV2(96).serialize(), "mobilenet_v2.onnx");
    AcceleratorSystem system = loadSystem("mensa");
    CostTable table = buildCostTable(model, system);
    ASSERT_EQ(table.acceleratorCount(), int(system.accelerators.size()));
    ASSERT_EQ(table.layerCount(), int(model.layers.size()));
    for (int a = 0; a < table.acceleratorCount(); ++a) {
        EXPECT_EQ(table.acceleratorNames[a], system.accelerators[a]->name());
        EXPECT_DOUBLE_EQ(
            table.at(3, a).seconds, system.accelerators[a]->evaluate(model.layers[3]).seconds);
    }
    TransferCost expected = system.transfer(0, 1, 1e6);
    EXPECT_DOUBLE_EQ(table.transfer(0, 1, 1e6).seconds, expected.seconds);
    EXPECT_EQ(table.linkIndex(0, 1), system.linkIndex(0, 1));
    EXPECT_EQ(table.linkNames.size(), system.links.size());
}

TEST(CostTable, MensaMappingMatchesSimulationOfTheSameAssignment)
{
    Model model = lstmModel();
    AcceleratorSystem system = loadSystem("mensa");
    CostTable table = buildCostTable(model, system);
    Schedule s = MensaScheduler(Objective::energy()).schedule(model, table);
    // The energy-optimal mapping is no worse than any single accelerator of the system.
    for (int a = 0; a < table.acceleratorCount(); ++a) {
        AssignmentCost single
            = evaluateAssignment(model, table, std::vector<int>(table.layerCount(), a));
        if (single.feasible) {
            EXPECT_LE(s.energy, single.energy * (1 + 1e-12));
        }
    }
    // The LSTM goes to Pavlov, the accelerator built for it.
    int lstm = -1;
    for (int i = 0; i < int(model.layers.size()); ++i)
        if (model.layers[i].kind == LayerKind::Lstm)
            lstm = i;
    ASSERT_GE(lstm, 0);
    EXPECT_EQ(table.acceleratorNames[s.assignment[lstm]], "pavlov");
    Schedule pipe = PipelineScheduler(3).schedule(model, table);
    EXPECT_GT(pipe.throughput, 0);
}

TEST(CostTable, ResidencyAwareSchedulesAgreeWithWholeModelSimulation)
{
    // ResNet-50's 25 MB of int8 weights overflow the Edge TPU's 8 MB: some must stream.
    Model model = importOnnxBytes(reference::resNet50(64).serialize(), "resnet50.onnx");
    AcceleratorSystem edge = loadSystem("edge_tpu");
    Schedule single = scheduleWithResidency(SingleAcceleratorScheduler(0), model, edge);
    ModelCost sim = simulate(model, *edge.accelerators[0]);
    EXPECT_GT(sim.streamedParameterBytes, 0);
    EXPECT_NEAR(single.energy, sim.energyPerInference, 1e-9 * sim.energyPerInference);
    EXPECT_NEAR(single.latency, sim.latency, 1e-9 * sim.latency);
    Schedule alone = SingleAcceleratorScheduler(0).schedule(model, buildCostTable(model, edge));
    EXPECT_LT(alone.energy, single.energy); // costing layers alone hides the streaming

    AcceleratorSystem mensa = loadSystem("mensa");
    Schedule mapped = scheduleWithResidency(MensaScheduler(Objective::energy()), model, mensa);
    ASSERT_FALSE(mapped.notes.empty());
    ASSERT_NE(mapped.notes.back().find("planned for this mapping"), std::string::npos)
        << mapped.notes.back();
    ModelCost same = simulateAssignment(model, mensa, mapped.assignment);
    EXPECT_NEAR(mapped.energy, same.energyPerInference, 1e-9 * same.energyPerInference);
    EXPECT_NEAR(mapped.serialLatency, same.latency, 1e-9 * same.latency);
}

TEST(CostTable, RowsAreAsWideAsTheAcceleratorList)
{
    CostTable t;
    t.acceleratorNames = { "a", "b" };
    t.addRow({ LayerCost {}, LayerCost {} });
    EXPECT_EQ(t.layerCount(), 1);
    try {
        t.addRow({ LayerCost {} }); // one short: it would shift every later layer's cells
        FAIL() << "a short row was accepted";
    }
    catch (const MensaError& e) {
        EXPECT_NE(std::string(e.what()).find("one entry per accelerator"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(t.layerCount(), 1);
    EXPECT_EQ(t.cells.size(), 2u);
}
