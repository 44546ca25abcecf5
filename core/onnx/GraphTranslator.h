#pragma once

#include "model/Layer.h"
#include "onnx/TensorCatalog.h"

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

namespace mensa {

// Translates the nodes of a (sorted, shape-inferred) graph into layers and counts the compute
// inside control flow: the layers of an If's larger branch, a Loop's body repeated by its
// constant trip count (one iteration, with a warning, when it is not constant) and a Scan's
// body repeated by its scan length (batch x length for the opset-8 Scan) come before the
// If/Loop/Scan layer itself, named
// "<node>/<body node>". See docs/operator-coverage.md.
class GraphTranslator {
public:
    // `opset`: the model's default-domain opset (Scan 8 carries a batch axis before its scan axis).
    GraphTranslator(TensorCatalog& catalog, int opset);

    std::vector<Layer> translate(const onnx::GraphProto& graph);
    // Notes for the model's warnings (per-iteration counts, branches chosen, bodies not costed).
    const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    std::vector<Layer> expand(
        const onnx::GraphProto& graph, const onnx::NodeProto& node, const std::string& name);
    std::vector<Layer> expandIf(const onnx::NodeProto& node, const std::string& name);
    std::vector<Layer> expandLoop(
        const onnx::GraphProto& graph, const onnx::NodeProto& node, const std::string& name);
    std::vector<Layer> expandScan(const onnx::NodeProto& node, const std::string& name);
    std::vector<Layer> bodyLayers(const onnx::GraphProto& body, const std::string& prefix);

    TensorCatalog& m_catalog;
    int m_opset;
    std::vector<std::string> m_warnings;
};

} // namespace mensa
