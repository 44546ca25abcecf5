#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace mensa {

// ONNX 1.12 shape inference cannot see through the shape arithmetic exporters emit
// (PyTorch's x.view(x.size(0), -1) becomes Shape -> Gather -> Unsqueeze -> Concat -> Reshape).
// Once input shapes are static those values are constants: the folder evaluates the small
// int64 shape computations and feeds their results to Reshape/Expand/Tile/... as initializers,
// re-running shape inference until nothing more resolves.
class ShapeFolder {
public:
    // Runs shape inference (with the folding rounds) on the model; MensaError on failure.
    static void inferShapes(onnx::ModelProto& model);

private:
    struct Value {
        std::vector<int64_t> dims; // rank 0 or 1
        std::vector<int64_t> data;
    };
    using Values = std::unordered_map<std::string, Value>;

    explicit ShapeFolder(onnx::GraphProto& graph);
    bool foldRound(); // true when an input was replaced by a folded constant
    void collectKnown();
    bool evaluate(const onnx::NodeProto& node);
    bool shapeOf(const std::string& tensor, std::vector<int64_t>& dims) const;
    const Value* value(const onnx::NodeProto& node, int index) const;
    bool outputResolved(const std::string& tensor) const;

    onnx::GraphProto& m_graph;
    Values m_values;
    std::unordered_map<std::string, const onnx::TypeProto*> m_types;
    int m_folded = 0;
};

} // namespace mensa
