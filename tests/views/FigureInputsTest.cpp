#include "FigureInputs.h"
#include "FigureStyle.h"

#include "cost/SystemLoader.h"

#include <gtest/gtest.h>

using namespace mensa;
using namespace mensa::views;

namespace {

Model twoLayerModel()
{
    Model model;
    model.name = "net";
    Layer conv;
    conv.name = "conv";
    conv.kind = LayerKind::Conv;
    conv.metrics.macs = 1000000;
    conv.metrics.paramBytes = 4096;
    conv.metrics.flopPerByte = 50;
    Layer lstm;
    lstm.name = "lstm";
    lstm.kind = LayerKind::Lstm;
    lstm.metrics.macs = 500000;
    lstm.metrics.paramBytes = 500000;
    lstm.metrics.flopPerByte = 2;
    lstm.nest.steps = 10;
    Layer reshape;
    reshape.name = "reshape";
    reshape.kind = LayerKind::Reshape;
    model.layers = { conv, lstm, reshape };
    return model;
}

ModelCost costOnSystem()
{
    ModelCost cost;
    cost.model = "net";
    cost.assignment = { 0, 1, 1 };
    cost.layers.resize(3);
    cost.layers[0].seconds = 1e-6;
    cost.layers[0].macs = 1000000;
    cost.layers[0].energy[EnergyComponent::Mac] = 2e-6;
    cost.layers[1].seconds = 1e-4;
    cost.layers[1].macs = 500000;
    cost.layers[1].traffic.dramBytes = 500000;
    cost.layers[1].energy[EnergyComponent::OffChip] = 5e-6;
    cost.layers[2].seconds = 0;
    cost.transferJoules = 3e-7;
    cost.inferencesPerSecond = 9000;
    cost.energyPerInference = 7.3e-6;
    cost.averageUtilization = 0.25;
    return cost;
}

} // namespace

TEST(FigureInputs, DisplayNamesOfSpecsAndLinks)
{
    EXPECT_EQ(FigureStyle::displayName("edge_tpu"), "Edge TPU");
    EXPECT_EQ(FigureStyle::displayName("eyeriss_v2"), "Eyeriss v2");
    EXPECT_EQ(FigureStyle::displayName("pascal<->pavlov (off-chip memory interface)"),
        QString::fromUtf8("Pascal ↔ Pavlov"));
    EXPECT_EQ(FigureStyle::displayName("my_npu"), "my_npu");
    EXPECT_EQ(FigureStyle::displayName("coral_devboard host CPU"), "Coral Dev Board host CPU");
    EXPECT_EQ(FigureStyle::displayName("my_npu host CPU"), "my_npu host CPU");
    EXPECT_EQ(FigureStyle::displayName("jetson_xavier"), "Jetson Xavier");
    EXPECT_EQ(
        FigureStyle::displayName("gpu<->dla0 (shared DRAM)"), QString::fromUtf8("GPU ↔ DLA 0"));
    EXPECT_EQ(FigureStyle::displayName("hikey970"), "HiKey 970");
}

TEST(FigureInputs, EnergyRecordsNameAcceleratorsAndCarryTransfers)
{
    const AcceleratorSystem system = loadSystem("mensa");
    const auto records
        = FigureInputs::energyRecords(twoLayerModel(), costOnSystem(), system, "Mensa");
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].accelerator, "Pascal");
    EXPECT_EQ(records[1].accelerator, "Pavlov");
    EXPECT_EQ(records[1].layerName, "lstm");
    EXPECT_DOUBLE_EQ(records[1].energy[EnergyComponent::OffChip], 5e-6);
    EXPECT_EQ(records[3].layer, -1);
    EXPECT_DOUBLE_EQ(records[3].energy.total(), 3e-7);
    EXPECT_DOUBLE_EQ(records[3].energy[EnergyComponent::OffChip], 3e-7);
}

TEST(FigureInputs, DesignResultAndRooflinePoints)
{
    const DesignResult r = FigureInputs::designResult(costOnSystem(), "Mensa");
    EXPECT_EQ(r.model, "net");
    EXPECT_DOUBLE_EQ(r.throughput, 9000);
    EXPECT_DOUBLE_EQ(r.energy, 7.3e-6);
    EXPECT_DOUBLE_EQ(r.utilization, 0.25);

    // Layers without MACs or time are left out; accelerators map through the index.
    const auto points = FigureInputs::rooflinePoints(twoLayerModel(), costOnSystem(), { 4, 7, 9 });
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].values.accelerator, 4);
    EXPECT_EQ(points[1].values.accelerator, 7);
    EXPECT_DOUBLE_EQ(points[0].values.opsPerSecond, 2e6 / 1e-6);
    EXPECT_EQ(points[0].layerName, "conv");
    // Intensity from the DRAM bytes the cost model timed, not the layer's flopPerByte; per step.
    EXPECT_EQ(points[1].values.steps, 10);
    EXPECT_DOUBLE_EQ(points[1].values.intensity(MemoryLevel::Memory), 2.0 * 500000 / 500000);
    EXPECT_DOUBLE_EQ(points[1].values.seconds, 1e-5);
    EXPECT_EQ(points[1].kind, LayerKind::Lstm);
    EXPECT_EQ(points[1].model, "net");

    const AcceleratorSystem system = loadSystem("edge_tpu");
    const RooflineAccelerator acc = FigureInputs::rooflineAccelerator(*system.accelerators.front());
    EXPECT_EQ(acc.name, "Edge TPU");
    EXPECT_DOUBLE_EQ(
        acc.roofs.peakOpsPerSecond, 2 * system.accelerators.front()->peakMacsPerSecond());
    EXPECT_EQ(acc.roofs.memories.size(), 2u);
}

TEST(FigureInputs, GanttAndScatterInputsKeepLayerOrder)
{
    Schedule schedule;
    schedule.resources
        = { { "pascal", false, 0 }, { "pascal<->pavlov (off-chip memory interface)", true, 0 } };
    schedule.events = { { 0, 0, false, 0, 0, 1e-6, 1e-6, true } };
    const GanttInput gantt
        = FigureInputs::ganttInput(twoLayerModel(), schedule, { 2, -1 }, { "A", "B", "C" });
    EXPECT_EQ(gantt.model, "net");
    EXPECT_EQ(gantt.schedule.resources[1].name, "Pascal ↔ Pavlov");
    ASSERT_EQ(gantt.layers.size(), 3u);
    EXPECT_EQ(gantt.layers[0].cluster, 2);
    EXPECT_EQ(gantt.layers[2].cluster, -1); // beyond the cluster list
    EXPECT_EQ(gantt.layers[1].kind, LayerKind::Lstm);

    const auto scatter = FigureInputs::scatterPoints(twoLayerModel(), { 1, 0, -1 });
    ASSERT_EQ(scatter.size(), 3u);
    EXPECT_DOUBLE_EQ(scatter[1].paramBytes, 500000);
    EXPECT_EQ(scatter[1].cluster, 0);
}

TEST(FigureInputs, PaperReferencesMatchThePublishedRatios)
{
    const auto refs = FigureInputs::paperReferences();
    ASSERT_EQ(refs.size(), 4u);
    for (const ReferenceValue& r : refs) {
        EXPECT_EQ(r.design, "Mensa");
        EXPECT_EQ(r.label, "paper-reported");
    }
    EXPECT_DOUBLE_EQ(refs[1].value, 3.1);
    EXPECT_EQ(refs[3].baseline, "Eyeriss v2");
    EXPECT_DOUBLE_EQ(refs[3].value, 4.3);
}
