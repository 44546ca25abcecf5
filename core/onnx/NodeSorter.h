#pragma once

#include <onnx/onnx_pb.h>

namespace mensa {

// Puts the nodes of a graph into topological order (stable: file order where free), which
// ONNX shape inference needs. Throws MensaError on a cycle, on a tensor produced twice, or
// on a dangling edge (an input that no node, graph input or initializer provides).
class NodeSorter {
public:
    static void sort(onnx::GraphProto& graph);
};

} // namespace mensa
