#pragma once

#include "model/Model.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace mensa {

// Every tensor the (shape-inferred) graph describes: graph inputs/outputs, value_info,
// initializers and Constant-node outputs. Constant tensors are marked as parameters;
// Constant-folding of other nodes is recorded with markConstant().
class TensorCatalog {
public:
    explicit TensorCatalog(const onnx::GraphProto& graph);

    bool isConstant(const std::string& name) const { return m_constants.count(name) > 0; }
    void markConstant(const std::string& name);
    // Adds the tensors of `other` this catalog lacks (a subgraph sees the outer scope; the
    // outer catalog then keeps the tensors of the body layers it adopted).
    void addMissing(const TensorCatalog& other);
    const TensorInfo* find(const std::string& name) const;
    // The info of a tensor whose shape must be fully known; MensaError naming it otherwise.
    const TensorInfo& resolved(const std::string& name) const;
    const std::vector<int64_t>& shape(const std::string& name) const
    {
        return resolved(name).shape;
    }

private:
    void addValueInfo(const onnx::ValueInfoProto& info);
    void addTensor(const onnx::TensorProto& tensor, const std::string& name);
    void addConstantNode(const onnx::NodeProto& node);

    std::unordered_map<std::string, TensorInfo> m_tensors;
    std::unordered_set<std::string> m_unknownRank;
    std::unordered_set<std::string> m_constants;
};

ElementType elementTypeOf(int onnxType);

} // namespace mensa
