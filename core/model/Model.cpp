#include "model/Model.h"

#include "util/Error.h"

#include <algorithm>

namespace mensa {

int64_t TensorInfo::elementCount() const
{
    int64_t count = 1;
    for (int64_t d : shape) {
        if (d < 0)
            throw MensaError("", "tensor '" + name + "' has an unresolved dimension");
        if (d != 0 && count > INT64_MAX / d)
            throw MensaError("", "tensor '" + name + "' is too large (element count overflows)");
        count *= d;
    }
    return count;
}

const TensorInfo* Model::tensor(const std::string& tensorName) const
{
    auto it = tensors.find(tensorName);
    return it == tensors.end() ? nullptr : &it->second;
}

void Model::rebuildIndex()
{
    m_producer.clear();
    for (int i = 0; i < static_cast<int>(layers.size()); ++i)
        for (const auto& out : layers[i].outputs)
            m_producer[out] = i;
    m_predecessors.assign(layers.size(), {});
    for (size_t i = 0; i < layers.size(); ++i)
        for (const auto& in : layers[i].inputs) {
            int p = producerOf(in);
            auto& preds = m_predecessors[i];
            if (p >= 0 && std::find(preds.begin(), preds.end(), p) == preds.end())
                preds.push_back(p);
        }
}

int Model::producerOf(const std::string& tensorName) const
{
    auto it = m_producer.find(tensorName);
    return it == m_producer.end() ? -1 : it->second;
}

const std::vector<int>& Model::predecessors(int layerIndex) const
{
    if (m_predecessors.size() != layers.size())
        throw MensaError(name,
            "the layer index is stale: rebuildIndex was not called after the "
            "layers changed");
    return m_predecessors.at(size_t(layerIndex));
}

std::vector<std::vector<int>> Model::successorLists() const
{
    std::vector<std::vector<int>> succ(layers.size());
    for (int i = 0; i < static_cast<int>(layers.size()); ++i)
        for (int p : predecessors(i))
            succ[p].push_back(i);
    return succ;
}

ModelTotals totals(const Model& model)
{
    ModelTotals t;
    t.layers = static_cast<int64_t>(model.layers.size());
    for (const auto& layer : model.layers) {
        if (isCompute(layer.kind))
            ++t.computeLayers;
        t.macs += layer.metrics.macs;
        t.params += layer.metrics.params;
        t.paramBytes += layer.metrics.paramBytes;
        t.activationBytes += layer.metrics.activationBytes();
    }
    return t;
}

} // namespace mensa
