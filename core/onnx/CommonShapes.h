#pragma once

#include <onnx/onnx_pb.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mensa {

// Shape inference for the operators most models are made of (convolutions, pooling, GEMM,
// elementwise, concat, reshape by a constant), written out so that such a model imports without
// ONNX's schema registry, whose first use builds every schema of every opset (about 40% of a
// whole `mensa simulate` of ResNet-50). It only answers when it is sure: every node a listed
// operator in the default domain with well-formed inputs, every shape static, every declared
// shape agreeing. Otherwise it changes nothing and ONNX's inference runs as before. A test
// checks its shapes equal ONNX's on every sample model.
class CommonShapes {
public:
    // Writes the value_info of every node output (as ONNX's inference does) and returns true,
    // or returns false and leaves the model untouched.
    static bool infer(onnx::ModelProto& model);

    struct Shape {
        int32_t elemType = 0;
        std::vector<int64_t> dims;
    };
    using Shapes = std::unordered_map<std::string, Shape>;

private:
    explicit CommonShapes(const onnx::GraphProto& graph);
    bool run();
    bool inferNode(const onnx::NodeProto& node);
    std::optional<Shape> output(const onnx::NodeProto& node) const;
    const Shape* input(const onnx::NodeProto& node, int index) const;
    bool write(onnx::GraphProto& graph) const;

    const onnx::GraphProto& m_graph;
    Shapes m_shapes;
    std::unordered_map<std::string, const onnx::TensorProto*> m_constants;
};

} // namespace mensa
