#pragma once

#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace mensa {

// A tensor whose shape is needed but unknown after shape inference (TensorCatalog::resolved).
// The importer catches it and names the node where inference stopped (ShapeDiagnosis).
class UnresolvedShapeError : public MensaError {
public:
    UnresolvedShapeError(const std::string& tensor, const std::string& problem)
        : MensaError("", problem)
        , m_tensor(tensor)
    {
    }
    const std::string& tensor() const { return m_tensor; }

private:
    std::string m_tensor;
};

// Why shape inference left TENSOR unknown: walks up from its producer to the first node whose
// inputs are all known but whose outputs are not, and runs ONNX's shape inference on that node
// alone in strict mode to get its own message. E.g. "node 'add_7' (Add) cannot take its
// inputs x 1x128x6x25, y 1x128x6x24: Incompatible dimensions". Empty when no such node is
// found (the tensor is, say, a graph input).
std::string diagnoseUnresolved(const onnx::ModelProto& model, const std::string& tensor);

} // namespace mensa
