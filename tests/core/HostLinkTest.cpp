// The Edge TPU as sold (coral_usb, coral_devboard): the host_link block of the spec. Expected
// numbers are worked out by hand from the documented formulas (docs/validation.md) on a spec
// edited to round numbers: 0.5 GB/s at 500 MHz is 1 byte per cycle, 10 us is 5000 cycles.
#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "ErrorCheck.h"
#include "analysis/LayerExplanation.h"
#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "cost/SystolicCostModel.h"
#include "mapping/DesignRun.h"
#include "onnx/OnnxImporter.h"
#include "samples/ValidationSamples.h"
#include "util/Error.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdlib>

using namespace mensa;
using ::testing::HasSubstr;
using testmodels::LayerModelBuilder;

namespace {

AcceleratorSpecPtr builtin(const std::string& name)
{
    return test::builtinSpec(name);
}

// coral_usb with round host-link numbers: 1 byte per cycle, 5000 cycles per layer.
AcceleratorSpecPtr roundCoral()
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(*builtin("coral_usb"));
    auto* link = spec->mutable_host_link();
    link->set_bandwidth_gb_per_s(0.5);
    link->set_per_layer_overhead_us(10);
    link->set_energy_pj_per_byte(100);
    link->clear_host_operators();
    link->add_host_operators("Softmax");
    link->set_host_ops_per_second(1e9);
    return spec;
}

// Two 2048 -> 2048 fully connected layers of 2048 * 2048 + 2048 = 4,196,352 parameter bytes
// (int8): the first fits the 8 MiB (8,388,608 bytes) on chip, the second does not (together
// 8,392,704), so it streams all its 4,196,352 bytes every inference. The model's input (2048
// bytes, read by the first layer) and output (2048 bytes, written by the second) cross the
// link too.
Model twoFcModel()
{
    LayerModelBuilder b("two_fc");
    std::string out = b.fc(b.fc(b.input("x", { 2048, 1, 1 }), 2048), 2048);
    Model model = b.build();
    model.graphOutputs = { out };
    return model;
}

// A 1x1 conv, a Softmax (host-only on roundCoral), a second 1x1 conv and an Add of it with
// the first conv's output.
Model partitionedModel()
{
    LayerModelBuilder b("partitioned");
    const std::string first = b.conv(b.input("x", { 64, 28, 28 }), 64, 1);
    const std::string soft = b.vectorOp(first, LayerKind::Elementwise, "Softmax", 5);
    const std::string out = b.add(b.conv(soft, 64, 1), first);
    Model model = b.build();
    model.graphOutputs = { out };
    return model;
}

constexpr double kIoBytes = 2048;

constexpr double kFcParams = 2048.0 * 2048 + 2048;
// Weight stationary on 64x64: T = N = 2048 gives 32 x 32 folds of load 64 + skew 126 +
// stream 1 cycles.
constexpr double kFcComputeCycles = 32 * 32 * (64 + 126 + 1);
constexpr double kOverheadCycles = 10 * 500; // 10 us at 500 MHz

} // namespace

TEST(HostLink, ResidentLayerCostsTheChipPlusThePerLayerOverhead)
{
    Model model = twoFcModel();
    SystolicCostModel edge(builtin("edge_tpu"));
    SystolicCostModel coral(roundCoral());
    ModelCost onEdge = simulate(model, edge);
    ModelCost onCoral = simulate(model, coral);
    ASSERT_EQ(onCoral.layers.size(), 2u);
    EXPECT_DOUBLE_EQ(onEdge.layers[0].cycles, kFcComputeCycles);
    // + the model input over the link at 1 byte per cycle, not overlapped.
    EXPECT_DOUBLE_EQ(onCoral.layers[0].cycles, kFcComputeCycles + kOverheadCycles + kIoBytes);
    EXPECT_DOUBLE_EQ(onCoral.layers[0].memory.layerOverhead, kOverheadCycles);
    EXPECT_DOUBLE_EQ(onCoral.layers[0].memory.hostTensors, kIoBytes);
    EXPECT_DOUBLE_EQ(onCoral.layers[0].traffic.hostLinkBytes, kIoBytes);
    EXPECT_DOUBLE_EQ(onCoral.layers[0].traffic.dramBytes, 0);
}

TEST(HostLink, ParametersBeyondOnChipCapacityComeOverTheLinkNotFromDram)
{
    Model model = twoFcModel();
    SystolicCostModel edge(builtin("edge_tpu"));
    SystolicCostModel coral(roundCoral());
    ModelCost onEdge = simulate(model, edge);
    ModelCost onCoral = simulate(model, coral);
    // edge_tpu (unchanged): the spilled layer reads its weights from 32 GB/s DRAM (64 B/cycle)
    // under its compute, plus 100 ns = 50 cycles of exposed DRAM latency.
    EXPECT_DOUBLE_EQ(onEdge.layers[1].traffic.dramBytes, kFcParams);
    EXPECT_DOUBLE_EQ(onEdge.layers[1].cycles, kFcComputeCycles + 50);
    // coral: the same bytes over the 1-byte-per-cycle link, DRAM untouched.
    const LayerCost& spilled = onCoral.layers[1];
    EXPECT_FALSE(spilled.parametersOnChip);
    EXPECT_DOUBLE_EQ(spilled.traffic.dramBytes, 0);
    EXPECT_DOUBLE_EQ(spilled.traffic.hostLinkBytes, kFcParams + kIoBytes);
    EXPECT_DOUBLE_EQ(spilled.memory.hostLink, kFcParams);
    EXPECT_DOUBLE_EQ(spilled.memory.hostTensors, kIoBytes);
    EXPECT_DOUBLE_EQ(spilled.cycles, kFcParams + kOverheadCycles + kIoBytes);
    EXPECT_EQ(spilled.bound, "memory");
    // The link's energy is off-chip energy: 100 pJ per byte.
    EXPECT_DOUBLE_EQ(spilled.energy[EnergyComponent::OffChip], (kFcParams + kIoBytes) * 100e-12);
    // Model: the spill costs X / link bandwidth (overlapping the layer's compute).
    EXPECT_DOUBLE_EQ(onCoral.latency,
        (kFcComputeCycles + kOverheadCycles + kIoBytes + kFcParams + kOverheadCycles + kIoBytes)
            / 500e6);
    EXPECT_DOUBLE_EQ(onCoral.traffic.hostLinkBytes, kFcParams + 2 * kIoBytes);
    EXPECT_DOUBLE_EQ(onCoral.streamedParameterBytes, kFcParams);
}

TEST(HostLink, HostOperatorsRunOnTheHostWithTheirTensorsCrossingTheLink)
{
    LayerModelBuilder b("softmax");
    b.vectorOp(b.input("x", { 1000, 1, 1 }), LayerKind::Elementwise, "Softmax", 5);
    Model model = b.build();
    SystolicCostModel coral(roundCoral());
    LayerCost cost = coral.evaluate(model.layers[0]);
    EXPECT_TRUE(cost.onHost);
    // 5000 operations at 1e9/s = 5 us = 2500 cycles; 1000 + 1000 bytes over 1 B/cycle.
    EXPECT_DOUBLE_EQ(cost.computeCycles, 2500);
    EXPECT_DOUBLE_EQ(cost.traffic.hostLinkBytes, 2000);
    EXPECT_DOUBLE_EQ(cost.memory.hostLink, 2000);
    EXPECT_DOUBLE_EQ(cost.cycles, 2500 + kOverheadCycles);
    // The accelerator without the operator in its list runs it on its vector path.
    SystolicCostModel edge(builtin("edge_tpu"));
    EXPECT_FALSE(edge.evaluate(model.layers[0]).onHost);
}

// The Edge TPU compiler partitions a model once: from the first host-only operator on, every
// layer runs on the host CPU, even those the Edge TPU supports. A 1x1 conv (on the chip), a
// Softmax (host-only here), a second 1x1 conv and an Add of it with the first conv's output:
// the last three run on the host. Only the first conv's output crosses the link, once, although
// two host layers read it; the model's output stays on the host.
TEST(HostLink, EverythingAfterTheFirstHostOperatorRunsOnTheHost)
{
    const Model model = partitionedModel();
    SystolicCostModel coral(roundCoral());
    const ModelCost run = simulate(model, coral);
    ASSERT_EQ(run.layers.size(), 4u);
    EXPECT_FALSE(run.layers[0].onHost);
    EXPECT_FALSE(run.placement[0].onHost);
    for (size_t i = 1; i < 4; ++i) {
        EXPECT_TRUE(run.layers[i].onHost) << i;
        EXPECT_TRUE(run.placement[i].onHost) << i;
    }
    // The conv on the chip reads the 50,176-byte model input over the link (not overlapped).
    EXPECT_DOUBLE_EQ(run.layers[0].traffic.hostLinkBytes, 50176);
    // Softmax: 5 x 50,176 operations at 1e9/s = 125,440 cycles; the conv's 50,176 B output
    // crosses at 1 B/cycle, overlapped.
    EXPECT_DOUBLE_EQ(run.layers[1].traffic.hostLinkBytes, 50176);
    EXPECT_DOUBLE_EQ(run.layers[1].cycles, 125440 + kOverheadCycles);
    // The second conv on the host: 784 x 64 x 64 = 3,211,264 MACs = 1,605,632 cycles, no link
    // bytes, and its 4,160 parameter bytes claim no space on the chip.
    EXPECT_DOUBLE_EQ(run.layers[2].traffic.hostLinkBytes, 0);
    EXPECT_DOUBLE_EQ(run.layers[2].cycles, 1605632 + kOverheadCycles);
    EXPECT_EQ(run.placement[2].parameters, EvaluationContext::Residency::Auto);
    // The Add: 50,176 operations = 25,088 cycles; its inputs and the model output are already
    // on the host.
    EXPECT_DOUBLE_EQ(run.layers[3].traffic.hostLinkBytes, 0);
    EXPECT_DOUBLE_EQ(run.layers[3].cycles, 25088 + kOverheadCycles);
    // Costed alone, the second conv runs on the chip, and the Softmax moves its input and
    // output over the link.
    EXPECT_FALSE(coral.evaluate(model.layers[2]).onHost);
    EXPECT_DOUBLE_EQ(coral.evaluate(model.layers[1]).traffic.hostLinkBytes, 100352);
    // Without a host link nothing falls back.
    SystolicCostModel edge(builtin("edge_tpu"));
    for (const LayerCost& c : simulate(model, edge).layers)
        EXPECT_FALSE(c.onHost);
}

// `mensa explain` and the studio's explanation name the host where the cost model used it: a
// layer on the host CPU says why and at what rate, a layer waiting on streamed weights blames
// the link, and one whose time is the link's fixed costs says so (the numbers are the cost's).
TEST(HostLink, ExplanationsNameTheHostAndItsLink)
{
    const Model model = partitionedModel();
    const ModelCost run = simulate(model, SystolicCostModel(roundCoral()));
    auto explain = [&](const Model& m, const ModelCost& r, size_t i) {
        return explainLayer(m.layers.at(i), { "coral", "coral_usb", &r.layers.at(i) });
    };
    const LayerExplanation softmax = explain(model, run, 1);
    EXPECT_THAT(softmax.text(),
        HasSubstr("Runs on the host CPU, not on the accelerator: its operator is one the "
                  "accelerator's compiler leaves to the host."));
    EXPECT_DOUBLE_EQ(softmax.numbers.at("folds.hostOps"), 5 * 50176);
    EXPECT_DOUBLE_EQ(softmax.numbers.at("folds.hostOpsPerSecond"), 1e9);
    EXPECT_DOUBLE_EQ(softmax.numbers.at("traffic.hostLinkBytes"), 50176);
    EXPECT_EQ(softmax.title, "Softmax_1 (Softmax, Elementwise) on coral / coral_usb (host CPU)");
    EXPECT_THAT(softmax.text(), HasSubstr("Not counted: the host CPU's own energy"));
    const LayerExplanation after = explain(model, run, 2);
    EXPECT_THAT(after.text(), HasSubstr("it comes after the model's first host operator"));
    EXPECT_THAT(after.text(), HasSubstr("runs on the host CPU (after the first host operator)"));
    EXPECT_EQ(mappingSummary(run.layers[2].folds), "host CPU (after the first host operator)");
    // The first conv: 974 cycles on the array, then 5,000 cycles of overhead and the model's
    // 50,176-byte input over the link at 1 B/cycle.
    const LayerExplanation conv = explain(model, run, 0);
    EXPECT_EQ(conv.title, "Conv_0 (Conv) on coral / coral_usb");
    EXPECT_THAT(conv.text(), Not(HasSubstr("Not counted")));
    EXPECT_THAT(conv.text(), HasSubstr("because the host link's fixed costs"));
    EXPECT_DOUBLE_EQ(conv.numbers.at("hostFixedCycles"), kOverheadCycles + 50176);
    EXPECT_DOUBLE_EQ(conv.numbers.at("memory.hostTensors"), 50176);

    const Model fc = twoFcModel();
    const ModelCost fcRun = simulate(fc, SystolicCostModel(roundCoral()));
    const LayerExplanation streamed = explain(fc, fcRun, 1);
    EXPECT_THAT(streamed.text(), HasSubstr("memory-bound: moving its data through the host link"));
    EXPECT_THAT(streamed.text(), HasSubstr("Weights are streamed over the host link"));
    EXPECT_DOUBLE_EQ(streamed.numbers.at("memory.hostLink"), kFcParams);
}

// DeepLab V3 as Coral compiled it (docs/validation.md): the chip runs the backbone and both 1x1
// convs of the head that come before the image-pooling resize; from that resize on, the host
// runs everything (concat, projection, logits, the 513x513 resize, the argmax).
TEST(HostLink, DeepLabRunsOnTheHostFromItsFirstResize)
{
    const Model model = importOnnxBytes(serializeValidationSample("deeplabv3_mnv2"), "deeplab");
    size_t firstResize = model.layers.size();
    for (size_t i = 0; i < model.layers.size() && firstResize == model.layers.size(); ++i)
        if (model.layers[i].opType == "Resize")
            firstResize = i;
    ASSERT_LT(firstResize, model.layers.size());
    EXPECT_EQ(model.layers[firstResize - 1].kind, LayerKind::Conv); // the 1x1 branch, on chip
    for (const char* design : { "coral_usb", "coral_devboard" }) {
        const ModelCost run = simulate(model, SystolicCostModel(builtin(design)));
        for (size_t i = 0; i < run.layers.size(); ++i)
            EXPECT_EQ(run.layers[i].onHost, i >= firstResize) << design << " layer " << i;
    }
    EXPECT_EQ(model.layers.size() - firstResize, 6u);

    // The schedule runs those six on a row of their own, the Dev Board's host CPU, after the
    // chip's last layer: the runtime runs one operator at a time, so the latency is the sum.
    builtin("coral_devboard"); // points MENSA_RESOURCES_DIR at the shipped specs
    const DesignRun run = runOnDesign(model, buildSystem(loadSystemSpec("coral_devboard")));
    const Schedule& s = run.schedule;
    ASSERT_EQ(s.resources.size(), 2u);
    EXPECT_EQ(s.resources[1].name, "coral_devboard host CPU");
    EXPECT_FALSE(s.resources[1].isLink);
    EXPECT_EQ(s.resources[1].accelerator, 0);
    for (const ScheduleEvent& e : s.events)
        EXPECT_EQ(e.resource, size_t(e.layer) >= firstResize ? 1 : 0) << e.layer;
    for (size_t i = 1; i < s.events.size(); ++i)
        EXPECT_GE(s.events[i].start, s.events[i - 1].end - 1e-15) << i;
    EXPECT_NEAR(s.latency, s.serialLatency, 1e-12);
}

// The device specs are the architectural edge_tpu plus a host link: every other field equal.
TEST(HostLink, CoralDesignsAreTheEdgeTpuPlusAHostLink)
{
    auto edge = builtin("edge_tpu");
    EXPECT_FALSE(edge->has_host_link());
    for (const char* name : { "coral_usb", "coral_devboard" }) {
        spec::AcceleratorSpec device = *builtin(name);
        EXPECT_EQ(device.name(), name);
        ASSERT_TRUE(device.has_host_link()) << name;
        EXPECT_GT(device.host_link().bandwidth_gb_per_s(), 0.1);
        EXPECT_LT(device.host_link().bandwidth_gb_per_s(), 0.625); // under USB 3's 5 Gb/s
        device.clear_host_link();
        device.set_name(edge->name());
        device.set_description(edge->description());
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(device, *edge)) << name;
    }
    EXPECT_THAT(builtinSpecNames(), ::testing::IsSupersetOf({ "coral_usb", "coral_devboard" }));
}

TEST(HostLink, ValidatorRefusesABadHostLink)
{
    auto base = builtin("edge_tpu");
    auto check = [&](const std::string& link, const std::string& expected) {
        spec::AcceleratorSpec s = *base;
        std::string text;
        google::protobuf::TextFormat::PrintToString(s, &text);
        text += "host_link {\n" + link + "}\n";
        EXPECT_THAT(test::errorOf([&] { parseSystemSpecText(text, "t.textproto"); }),
            ::testing::HasSubstr(expected))
            << link;
    };
    check("per_layer_overhead_us: 1\n", "host_link.bandwidth_gb_per_s: missing");
    check("bandwidth_gb_per_s: 0\nenergy_pj_per_byte: 100\n",
        "host_link.bandwidth_gb_per_s: must be > 0");
    check("bandwidth_gb_per_s: 0.4\nenergy_pj_per_byte: 100\nper_layer_overhead_us: -1\n",
        "host_link.per_layer_overhead_us: must be >= 0");
    check("bandwidth_gb_per_s: 0.4\nenergy_pj_per_byte: 100\nhost_operators: \"Softmax\"\n",
        "host_link.host_ops_per_second: missing");
    check("bandwidth_gb_per_s: 0.4\nenergy_pj_per_byte: 100\nhost_operators: "
          "\"\"\nhost_ops_per_second: 1e9\n",
        "must not be empty");
    // A name no imported layer can have (a typo, a TF Lite name) would match nothing, silently.
    check("bandwidth_gb_per_s: 0.4\nenergy_pj_per_byte: 100\nhost_operators: "
          "\"Softmax\"\nhost_operators: \"FLOOR_MOD\"\nhost_ops_per_second: 1e9\n",
        "field host_link.host_operators: 'FLOOR_MOD' is not an ONNX operator");
    check("bandwidth_gb_per_s: 0.4\nenergy_pj_per_byte: 100\nhost_operators: "
          "\"div\"\nhost_ops_per_second: 1e9\n",
        "'div' is not an ONNX operator (names are case-sensitive)");
}

// A host operator before the chip's first layer is the host's pre-processing (Coral's compiled
// MoveNet casts its input on the CPU): it runs there, its output crosses the link into the first
// conv like a model input would, and the network after it stays on the chip.
TEST(HostLink, AHostOperatorBeforeTheFirstChipLayerIsPreprocessing)
{
    LayerModelBuilder b("preprocessed");
    const std::string cast
        = b.vectorOp(b.input("x", { 3, 32, 32 }), LayerKind::Elementwise, "Cast");
    const std::string out = b.conv(b.conv(cast, 16, 3), 16, 1);
    Model model = b.build();
    model.graphOutputs = { out };
    auto edited = std::make_shared<spec::AcceleratorSpec>(*roundCoral());
    edited->mutable_host_link()->add_host_operators("Cast");
    const AcceleratorSpecPtr spec = edited;
    const ModelCost run = simulate(model, SystolicCostModel(spec));
    ASSERT_EQ(run.layers.size(), 3u);
    EXPECT_TRUE(run.layers[0].onHost);
    EXPECT_EQ(run.layers[0].folds.hostReason, ArrayFolds::kHostOperator);
    EXPECT_DOUBLE_EQ(run.layers[0].traffic.hostLinkBytes, 0); // it reads the model input in place
    EXPECT_FALSE(run.layers[1].onHost);
    EXPECT_FALSE(run.layers[2].onHost);
    // The cast's 3 x 32 x 32 int8 output crosses the link at 1 byte per cycle.
    EXPECT_DOUBLE_EQ(run.layers[1].memory.hostTensors, 3 * 32 * 32);
    // The same operator after the chip's first layer partitions the model there.
    LayerModelBuilder late("late_cast");
    const std::string first = late.conv(late.input("x", { 3, 32, 32 }), 16, 3);
    const std::string after
        = late.conv(late.vectorOp(first, LayerKind::Elementwise, "Cast"), 16, 1);
    Model lateModel = late.build();
    lateModel.graphOutputs = { after };
    const ModelCost lateRun = simulate(lateModel, SystolicCostModel(spec));
    EXPECT_FALSE(lateRun.layers[0].onHost);
    EXPECT_TRUE(lateRun.layers[1].onHost);
    EXPECT_TRUE(lateRun.layers[2].onHost);
}

// The shipped Coral designs leave to the host what Coral's operator table does not list: a Div
// (here folded into the Add before it, as the importer fuses elementwise chains) runs on the
// host, and the compiler's one partition puts the conv after it there too; a Softmax, which the
// table lists, stays on the chip.
TEST(HostLink, ShippedCoralDesignsLeaveUnmappedOperatorsToTheHost)
{
    LayerModelBuilder b("unmapped");
    const std::string first = b.conv(b.input("x", { 64, 28, 28 }), 64, 1);
    const std::string soft = b.vectorOp(first, LayerKind::Softmax, "Softmax", 5);
    const std::string div = b.vectorOp(soft, LayerKind::Elementwise, "Add", 2);
    const std::string out = b.conv(div, 64, 1);
    Model model = b.build();
    model.graphOutputs = { out };
    model.layers[2].fusedOps = { "Div" };
    for (const char* design : { "coral_usb", "coral_devboard" }) {
        const ModelCost run = simulate(model, SystolicCostModel(builtin(design)));
        ASSERT_EQ(run.layers.size(), 4u);
        EXPECT_FALSE(run.layers[0].onHost) << design;
        EXPECT_FALSE(run.layers[1].onHost) << design;
        EXPECT_TRUE(run.layers[2].onHost) << design;
        EXPECT_EQ(run.layers[2].folds.hostReason, ArrayFolds::kHostOperator) << design;
        EXPECT_TRUE(run.layers[3].onHost) << design;
        EXPECT_EQ(run.layers[3].folds.hostReason, ArrayFolds::kAfterHostOperator) << design;
    }
    const ModelCost edge = simulate(model, SystolicCostModel(builtin("edge_tpu")));
    for (const LayerCost& c : edge.layers)
        EXPECT_FALSE(c.onHost); // the architectural Edge TPU has no host
}
