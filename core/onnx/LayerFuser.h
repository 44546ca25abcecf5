#pragma once

#include "model/Layer.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mensa {

// Folds a BatchNormalization and/or an activation (Relu, Clip, Sigmoid, HardSwish, LeakyRelu
// and the x * HardSigmoid(x) pattern) into the compute or elementwise layer feeding it (a
// residual Add then ReLU reads and writes the tensor once, as edge compilers emit it), when that
// layer's output has no other consumer and is not a graph output. The fused layer takes over the
// outputs of the folded ones, so the graph stays connected. Layers must be topologically sorted.
class LayerFuser {
public:
    explicit LayerFuser(const std::vector<std::string>& graphOutputs);

    std::vector<Layer> fuse(std::vector<Layer> layers);

private:
    bool fuseNext(std::vector<Layer>& layers, int producer);
    bool fuseSingle(std::vector<Layer>& layers, int producer, int consumer);
    bool fuseHardSwish(std::vector<Layer>& layers, int producer, const std::vector<int>& consumers);
    const std::vector<int>& consumersOf(const std::string& tensor) const;
    bool isPrivate(const std::string& tensor, size_t consumerCount) const;

    std::unordered_set<std::string> m_graphOutputs;
    std::unordered_map<std::string, std::vector<int>> m_consumers;
    std::vector<bool> m_removed;
};

} // namespace mensa
