#pragma once

#include "model/Layer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mensa {

// Folds a BatchNormalization and/or an activation (Relu, Clip, Sigmoid, HardSwish, LeakyRelu
// and the x * HardSigmoid(x) pattern) into the compute, elementwise, normalization or
// activation layer feeding it, when that layer's output has no other consumer and is not a
// graph output: a residual Add then ReLU, or a DenseNet's BatchNorm then ReLU, reads and
// writes the tensor once, as edge compilers emit it. Elementwise chains fuse too: a unary or
// binary elementwise op (Add then Mul by a scale, x * Sigmoid(x)) joins the vector layer
// feeding it when its output has that layer's element count (no broadcast to a larger tensor)
// and its other operand already exists where the chain starts. The fused layer takes over the
// outputs of the folded ones, so the graph stays connected. Layers must be topologically sorted.
class LayerFuser {
public:
    using ElementCount = std::function<int64_t(const std::string& tensor)>;
    // elementCount: a tensor's element count; without it elementwise chains are not fused.
    explicit LayerFuser(
        const std::vector<std::string>& graphOutputs, ElementCount elementCount = {});

    std::vector<Layer> fuse(std::vector<Layer> layers);

private:
    bool fuseNext(std::vector<Layer>& layers, int producer);
    bool fuseSingle(std::vector<Layer>& layers, int producer, int consumer);
    bool fuseElementwise(std::vector<Layer>& layers, int producer, int consumer);
    bool availableAt(const std::string& tensor, int producer) const;
    bool fuseHardSwish(std::vector<Layer>& layers, int producer, const std::vector<int>& consumers);
    const std::vector<int>& consumersOf(const std::string& tensor) const;
    bool isPrivate(const std::string& tensor, size_t consumerCount) const;

    std::unordered_set<std::string> m_graphOutputs;
    ElementCount m_elementCount;
    std::unordered_map<std::string, std::vector<int>> m_consumers;
    std::unordered_map<std::string, int> m_producer;
    std::vector<bool> m_removed;
};

} // namespace mensa
