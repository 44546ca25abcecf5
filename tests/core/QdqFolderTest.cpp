// A QDQ-format int8 model (QuantizeLinear/DequantizeLinear around every quantized tensor, as
// ONNX Runtime's and TensorRT's quantizers write it) imports as the int8 model it describes.
#include "BuiltinSystems.h"
#include "cost/Simulation.h"
#include "cost/SystolicCostModel.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

using namespace mensa;

namespace {

onnx::TensorProto scalar(const std::string& name, int type)
{
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(type);
    t.set_raw_data(std::string(type == onnx::TensorProto::FLOAT ? 4 : 1, '\0'));
    return t;
}

onnx::NodeProto qdqNode(const std::string& op, const std::string& in, const std::string& out)
{
    onnx::NodeProto n;
    n.set_op_type(op);
    n.set_name(op + "_" + out);
    n.add_input(in);
    n.add_input("scale");
    n.add_input("zero_point");
    n.add_output(out);
    return n;
}

// The graph's weights as int8 initializers behind DequantizeLinear nodes, every Conv input
// behind a QuantizeLinear -> DequantizeLinear pair, and the model output quantized and
// dequantized back to float at the end.
onnx::ModelProto toQdq(onnx::ModelProto model)
{
    onnx::GraphProto& g = *model.mutable_graph();
    std::set<std::string> weights;
    const auto floats = g.initializer(); // a copy: the int8 twins are added below
    for (const auto& init : floats) {
        weights.insert(init.name());
        onnx::TensorProto q = init;
        q.set_name(init.name() + "_int8");
        q.set_data_type(onnx::TensorProto::INT8);
        int64_t n = 1;
        for (int64_t d : q.dims())
            n *= d;
        q.clear_float_data();
        q.set_raw_data(std::string(size_t(n), '\1'));
        *g.add_initializer() = q;
    }
    *g.add_initializer() = scalar("scale", onnx::TensorProto::FLOAT);
    *g.add_initializer() = scalar("zero_point", onnx::TensorProto::INT8);
    google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
    for (onnx::NodeProto node : g.node()) {
        if (node.op_type() == "Conv") {
            for (int i = 0; i < node.input_size(); ++i) {
                const std::string in = node.input(i);
                if (weights.count(in)) {
                    *nodes.Add() = qdqNode("DequantizeLinear", in + "_int8", in + "_dq");
                }
                else {
                    *nodes.Add() = qdqNode("QuantizeLinear", in, in + "_q");
                    *nodes.Add() = qdqNode("DequantizeLinear", in + "_q", in + "_dq");
                }
                node.set_input(i, in + "_dq");
            }
        }
        *nodes.Add() = node;
    }
    const std::string out = g.output(0).name();
    *nodes.Add() = qdqNode("QuantizeLinear", out, out + "_q");
    *nodes.Add() = qdqNode("DequantizeLinear", out + "_q", out + "_float");
    g.mutable_output(0)->set_name(out + "_float");
    *g.mutable_node() = nodes;
    return model;
}

onnx::ModelProto plainModel()
{
    GraphBuilder b("qdq");
    auto x = b.input("image", { 1, 3, 32, 32 });
    x = b.relu(b.conv(x, 16, 3, 2));
    x = b.relu(b.conv(x, 32, 3));
    b.output(b.conv(x, 8, 1));
    return b.build(WeightStorage::Values);
}

Model import(const onnx::ModelProto& proto, const std::string& name)
{
    return importOnnxBytes(proto.SerializeAsString(), name);
}

} // namespace

TEST(QdqFolder, AQdqModelImportsAsTheInt8ModelItDescribes)
{
    const Model plain = import(plainModel(), "plain");
    const Model qdq = import(toQdq(plainModel()), "qdq");
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
