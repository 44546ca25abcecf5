#include "onnx/LayerFuser.h"

#include "model/LayerKind.h"

#include <algorithm>

namespace mensa {
namespace {

bool isFusable(const Layer& layer)
{
    static const std::unordered_set<std::string> kOps
        = { "BatchNormalization", "Relu", "Clip", "Sigmoid", "HardSwish", "LeakyRelu" };
    return !layer.unknownOp && kOps.count(layer.opType) > 0 && layer.outputs.size() == 1;
}

// Layers an edge compiler runs as one pass over the tensor, element by element.
bool isVectorPass(LayerKind kind)
{
    return kind == LayerKind::Elementwise || kind == LayerKind::Normalization
        || kind == LayerKind::Activation;
}

// Compute layers, and the vector passes (a residual Add, a standalone BatchNorm before its
// ReLU as in pre-activation DenseNets, a sigmoid gate before its product).
bool hostsFusion(LayerKind kind)
{
    return isCompute(kind) || isVectorPass(kind);
}

} // namespace

LayerFuser::LayerFuser(const std::vector<std::string>& graphOutputs, ElementCount elementCount)
    : m_graphOutputs(graphOutputs.begin(), graphOutputs.end())
    , m_elementCount(std::move(elementCount))
{
}

std::vector<Layer> LayerFuser::fuse(std::vector<Layer> layers)
{
    m_consumers.clear();
    m_producer.clear();
    for (int i = 0; i < static_cast<int>(layers.size()); ++i) {
        for (const auto& in : layers[i].inputs)
            m_consumers[in].push_back(i);
        for (const auto& out : layers[i].outputs)
            m_producer.emplace(out, i);
    }
    m_removed.assign(layers.size(), false);
    for (int i = 0; i < static_cast<int>(layers.size()); ++i)
        if (!m_removed[i] && hostsFusion(layers[i].kind))
            while (fuseNext(layers, i)) { }
    std::vector<Layer> kept;
    kept.reserve(layers.size());
    for (size_t i = 0; i < layers.size(); ++i)
        if (!m_removed[i])
            kept.push_back(std::move(layers[i]));
    return kept;
}

const std::vector<int>& LayerFuser::consumersOf(const std::string& tensor) const
{
    static const std::vector<int> kNone;
    auto it = m_consumers.find(tensor);
    return it == m_consumers.end() ? kNone : it->second;
}

bool LayerFuser::isPrivate(const std::string& tensor, size_t consumerCount) const
{
    return !m_graphOutputs.count(tensor) && consumersOf(tensor).size() == consumerCount;
}

bool LayerFuser::fuseNext(std::vector<Layer>& layers, int producer)
{
    if (layers[producer].outputs.size() != 1)
        return false;
    const std::string& out = layers[producer].outputs[0];
    const std::vector<int> consumers = consumersOf(out);
    if (consumers.size() == 1 && isPrivate(out, 1))
        return fuseSingle(layers, producer, consumers[0]);
    if (consumers.size() == 2 && isPrivate(out, 2))
        return fuseHardSwish(layers, producer, consumers);
    return false;
}

bool LayerFuser::fuseSingle(std::vector<Layer>& layers, int producer, int consumer)
{
    Layer& next = layers[consumer];
    if (next.kind == LayerKind::Elementwise && isVectorPass(layers[producer].kind)
        && fuseElementwise(layers, producer, consumer))
        return true;
    if (!isFusable(next) || next.inputs.size() != 1)
        return false;
    Layer& host = layers[producer];
    host.fusedOps.push_back(next.opType);
    host.outputs = next.outputs;
    m_removed[consumer] = true;
    return true;
}

// A tensor the chain's first layer can read: a graph input or one produced before it.
bool LayerFuser::availableAt(const std::string& tensor, int producer) const
{
    auto it = m_producer.find(tensor);
    return it == m_producer.end() || it->second < producer;
}

// A unary or binary elementwise op reading the host's output joins the host (see the class
// comment).
bool LayerFuser::fuseElementwise(std::vector<Layer>& layers, int producer, int consumer)
{
    Layer& host = layers[producer];
    const Layer& next = layers[consumer];
    const size_t operands = next.inputs.size() + next.params.size();
    // CumSum reads along an axis, not element by element.
    if (!m_elementCount || next.unknownOp || next.opType == "CumSum" || next.outputs.size() != 1
        || operands < 1 || operands > 2 || next.fusedOperands != 0)
        return false;
    const int64_t elements = m_elementCount(host.outputs[0]);
    if (elements <= 0 || m_elementCount(next.outputs[0]) != elements)
        return false;
    const std::string& chain = host.outputs[0];
    for (const std::string& in : next.inputs)
        if (in != chain && !availableAt(in, producer))
            return false;
    for (const std::string& in : next.inputs)
        if (in != chain
            && std::find(host.inputs.begin(), host.inputs.end(), in) == host.inputs.end()) {
            host.inputs.push_back(in);
            ++host.fusedOperands;
        }
    for (const std::string& p : next.params)
        if (std::find(host.params.begin(), host.params.end(), p) == host.params.end()) {
            host.params.push_back(p);
            ++host.fusedOperands;
        }
    host.fusedOps.push_back(next.opType);
    host.outputs = next.outputs;
    m_removed[consumer] = true;
    return true;
}

// x * HardSigmoid(x), as exporters write HardSwish before opset 14.
bool LayerFuser::fuseHardSwish(
    std::vector<Layer>& layers, int producer, const std::vector<int>& consumers)
{
    const std::string& out = layers[producer].outputs[0];
    int gate = layers[consumers[0]].opType == "HardSigmoid" ? consumers[0] : consumers[1];
    int mul = gate == consumers[0] ? consumers[1] : consumers[0];
    const Layer& g = layers[gate];
    const Layer& m = layers[mul];
    if (g.opType != "HardSigmoid" || g.inputs != std::vector<std::string> { out }
        || g.outputs.size() != 1 || m.opType != "Mul" || m.outputs.size() != 1 || !m.params.empty()
        || m.inputs.size() != 2)
        return false;
    const std::string& gateOut = g.outputs[0];
    bool mulReadsBoth = std::find(m.inputs.begin(), m.inputs.end(), out) != m.inputs.end()
        && std::find(m.inputs.begin(), m.inputs.end(), gateOut) != m.inputs.end();
    if (!mulReadsBoth || !isPrivate(gateOut, 1))
        return false;
    layers[producer].fusedOps.push_back("HardSwish");
    layers[producer].outputs = m.outputs;
    m_removed[gate] = m_removed[mul] = true;
    return true;
}

} // namespace mensa
