// A QDQ-format int8 model (QuantizeLinear/DequantizeLinear around every quantized tensor, as
// ONNX Runtime's and TensorRT's quantizers write it) imports as the int8 model it describes.
#include "BuiltinSystems.h"
#include "QdqModels.h"
#include "cost/Simulation.h"
#include "cost/SystolicCostModel.h"
#include "onnx/OnnxImporter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace mensa;

namespace {

Model import(const onnx::ModelProto& proto, const std::string& name)
{
    return importOnnxBytes(proto.SerializeAsString(), name);
}

} // namespace

TEST(QdqFolder, AQdqModelImportsAsTheInt8ModelItDescribes)
{
    const Model plain = import(test::qdqPlainModel(), "plain");
    const Model qdq = import(test::toQdq(test::qdqPlainModel()), "qdq");
    // The three convs (ReLUs fused as in the plain model), then the output's Q with its DQ
    // folded into it (an elementwise chain).
    ASSERT_EQ(plain.layers.size(), 3u);
    ASSERT_EQ(qdq.layers.size(), 4u);
    for (size_t i = 0; i < plain.layers.size(); ++i) {
        const Layer& a = plain.layers[i];
        const Layer& b = qdq.layers[i];
        EXPECT_EQ(b.opType, a.opType) << i;
        EXPECT_EQ(b.metrics.macs, a.metrics.macs) << i;
        EXPECT_EQ(b.metrics.params, a.metrics.params) << i;
        EXPECT_EQ(b.metrics.paramBytes, a.metrics.paramBytes) << i;
        EXPECT_EQ(b.metrics.inputActBytes, a.metrics.inputActBytes) << i;
        EXPECT_EQ(b.metrics.outputActBytes, a.metrics.outputActBytes) << i;
    }
    EXPECT_EQ(qdq.layers[3].opType, "QuantizeLinear");
    EXPECT_EQ(qdq.layers[3].fusedOps, std::vector<std::string> { "DequantizeLinear" });
    EXPECT_THAT(qdq.warnings,
        ::testing::Contains(::testing::HasSubstr(
            "QDQ int8 model: 12 QuantizeLinear/DequantizeLinear nodes folded")));
    EXPECT_THAT(plain.warnings, ::testing::Not(::testing::Contains(::testing::HasSubstr("QDQ"))));

    // On the Edge TPU the convs cost what the int8 model's do; on the Coral USB Accelerator the
    // final dequantize back to float is the one layer the host runs (as in Coral's SSD files).
    const ModelCost a = simulate(plain, SystolicCostModel(test::builtinSpec("edge_tpu")));
    const ModelCost b = simulate(qdq, SystolicCostModel(test::builtinSpec("edge_tpu")));
    for (size_t i = 0; i < plain.layers.size(); ++i)
        EXPECT_DOUBLE_EQ(b.layers[i].cycles, a.layers[i].cycles) << i;
    const ModelCost usb = simulate(qdq, SystolicCostModel(test::builtinSpec("coral_usb")));
    for (size_t i = 0; i < usb.layers.size(); ++i)
        EXPECT_EQ(usb.layers[i].onHost, i == 3) << i;
}
