// QDQ-format int8 models for tests: a plain float model and its QDQ form, as ONNX Runtime's
// quantizer writes it (QdqFolderTest, SimulateCommandTest).
#pragma once

#include "model/GraphBuilder.h"

#include <onnx/onnx_pb.h>

#include <set>
#include <string>

namespace mensa::test {

inline onnx::TensorProto scalar(const std::string& name, int type)
{
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(type);
    t.set_raw_data(std::string(type == onnx::TensorProto::FLOAT ? 4 : 1, '\0'));
    return t;
}

inline onnx::NodeProto qdqNode(const std::string& op, const std::string& in, const std::string& out)
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
inline onnx::ModelProto toQdq(onnx::ModelProto model)
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

// Three convs with ReLUs between them: the plain model the QDQ one is made from.
inline onnx::ModelProto qdqPlainModel()
{
    GraphBuilder b("qdq");
    auto x = b.input("image", { 1, 3, 32, 32 });
    x = b.relu(b.conv(x, 16, 3, 2));
    x = b.relu(b.conv(x, 32, 3));
    b.output(b.conv(x, 8, 1));
    return b.build(WeightStorage::Values);
}

} // namespace mensa::test
