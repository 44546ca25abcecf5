#pragma once

#include <onnx/onnx_pb.h>

#include <string>

namespace mensa {

// ONNX shape inference does not know ONNX Runtime's contrib operators (domain com.microsoft):
// this gives the main output of the ones the importer costs (Attention, MultiHeadAttention,
// FusedMatMul, QOrderedMatMul, SkipLayerNormalization, the Gelu family) a value_info entry
// derived from its input shapes, so inference can carry on past them.
class ContribShapes {
public:
    static bool isContribDomain(const std::string& domain) { return domain == "com.microsoft"; }
    // Adds value_info for contrib outputs whose inputs are known; true when any was added.
    static bool annotate(onnx::GraphProto& graph);
};

} // namespace mensa
