#pragma once

#include <onnx/onnx_pb.h>

namespace mensa {

// Rejects attribute values that ONNX 1.12's shape inference does not guard against and that
// would crash it (a zero stride divides by zero in the conv/pool shape function), nodes with
// an empty operator type, default-domain operators ONNX does not define, and graph outputs
// nothing produces (docs/import-policy.md). Runs before shape inference; MensaError naming
// the node or the output.
class NodeValidator {
public:
    static void validate(const onnx::GraphProto& graph);

private:
    static void validateNodes(const onnx::GraphProto& graph);
    static void validateNode(const onnx::NodeProto& node);
    static void checkKnown(const onnx::NodeProto& node);
    static void checkOutputsProduced(const onnx::GraphProto& graph);
};

} // namespace mensa
