#pragma once

#include <onnx/onnx_pb.h>

namespace mensa {

// Rejects attribute values that ONNX 1.12's shape inference does not guard against and that
// would crash it (a zero stride divides by zero in the conv/pool shape function). Runs
// before shape inference; MensaError naming the node.
class NodeValidator {
public:
    static void validate(const onnx::GraphProto& graph);

private:
    static void validateNode(const onnx::NodeProto& node);
};

} // namespace mensa
