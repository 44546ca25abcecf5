#pragma once

#include "model/Layer.h"
#include "onnx/TensorCatalog.h"

#include <onnx/onnx_pb.h>

#include <optional>
#include <set>
#include <string>

namespace mensa {

// Turns one ONNX node (of a shape-inferred, topologically sorted graph) into a Layer with its
// kind, activation inputs, parameters, outputs and LoopNest. Nodes that only compute
// constants (Constant, Shape, layout ops on constants) are folded: their outputs become
// constant tensors in the catalog and no layer is produced.
class LayerTranslator {
public:
    explicit LayerTranslator(TensorCatalog& catalog);

    std::optional<Layer> translate(const onnx::NodeProto& node, int index);

private:
    bool foldsToConstant(const onnx::NodeProto& node, bool known) const;
    Layer baseLayer(const onnx::NodeProto& node, int index, LayerKind kind);
    void splitInputs(const onnx::NodeProto& node, Layer& layer) const;
    void fillNest(const onnx::NodeProto& node, Layer& layer) const;
    void fillConv(const onnx::NodeProto& node, Layer& layer) const;
    void fillConvTranspose(const onnx::NodeProto& node, Layer& layer) const;
    void fillGemm(const onnx::NodeProto& node, Layer& layer) const;
    void fillMatMul(const onnx::NodeProto& node, Layer& layer) const;
    void fillEinsum(const onnx::NodeProto& node, Layer& layer) const;
    void fillAttention(const onnx::NodeProto& node, Layer& layer) const;
    void fillMultiHeadAttention(const onnx::NodeProto& node, Layer& layer) const;
    void fillRecurrent(const onnx::NodeProto& node, Layer& layer) const;
    void fillPool(const onnx::NodeProto& node, Layer& layer) const;
    void fillElements(Layer& layer) const;
    const std::vector<int64_t>& inputShape(const onnx::NodeProto& node, int index) const;

    TensorCatalog& m_catalog;
    std::set<std::string> m_usedNames;
};

} // namespace mensa
