#include "analysis/Characterizer.h"

#include "analysis/VectorOpCosts.h"
#include "util/CheckedMath.h"
#include "util/Error.h"

#include <algorithm>

namespace mensa {
namespace {

int64_t elementsOf(const Model& model, const Layer& layer, const std::string& tensorName)
{
    const TensorInfo* t = model.tensor(tensorName);
    if (!t)
        throw MensaError(model.sourcePath,
            "layer '" + layer.name + "' refers to unknown tensor '" + tensorName + "'");
    return t->elementCount();
}

int64_t sumElements(const Model& model, const Layer& layer, const std::vector<std::string>& names,
    const std::string& what)
{
    int64_t total = 0;
    for (size_t i = 0; i < names.size(); ++i)
        if (std::find(names.begin(), names.begin() + static_cast<long>(i), names[i])
            == names.begin() + static_cast<long>(i))
            total = checkedAdd(total, elementsOf(model, layer, names[i]), what);
    return total;
}

int64_t nestMacs(const Layer& layer)
{
    const LoopNest& n = layer.nest;
    const std::string what = "MAC count of layer '" + layer.name + "'";
    int64_t macs = 1;
    for (int64_t f : { n.steps, n.batch, n.groups, n.outChannels, n.inChannels, n.outH, n.outW,
             n.kernelH, n.kernelW }) {
        if (f < 0)
            throw MensaError("", "layer '" + layer.name + "' has a negative loop bound");
        macs = checkedMul(macs, f, what);
    }
    return macs;
}

std::string attributeOr(const Layer& layer, const std::string& key, const std::string& fallback)
{
    auto it = layer.attributes.find(key);
    return it == layer.attributes.end() ? fallback : it->second;
}

// Element operations of the non-GEMM work (see VectorOpCosts for the per-op estimates).
int64_t vectorOps(const Layer& layer, int64_t outputElements)
{
    const std::string what = "vector operations of layer '" + layer.name + "'";
    const LoopNest& n = layer.nest;
    int64_t ops = 0;
    switch (layer.kind) {
    case LayerKind::Pool:
        ops = checkedMul(checkedMul(n.kernelH, n.kernelW, what), outputElements, what);
        break;
    case LayerKind::Concat:
    case LayerKind::Reshape:
    case LayerKind::Other:
        break;
    case LayerKind::Elementwise: {
        int64_t operands
            = static_cast<int64_t>(layer.inputs.size() + layer.params.size()) - layer.fusedOperands;
        int64_t perElement
            = VectorOpCosts::perElement(layer.opType) * std::max<int64_t>(1, operands - 1);
        ops = checkedMul(perElement, outputElements, what);
        break;
    }
    case LayerKind::Lstm:
    case LayerKind::Gru:
    case LayerKind::Rnn: {
        int64_t gates = layer.kind == LayerKind::Lstm ? 4 : layer.kind == LayerKind::Gru ? 3 : 1;
        int64_t units = checkedMul(checkedMul(n.steps, n.batch, what), n.outChannels / gates, what);
        ops = checkedMul(units, VectorOpCosts::perRecurrentUnit(layer.opType), what);
        break;
    }
    default:
        if (!isCompute(layer.kind))
            ops = checkedMul(
                VectorOpCosts::perElement(layer.opType, attributeOr(layer, "mode", "nearest")),
                outputElements, what);
    }
    for (const auto& fused : layer.fusedOps) // folded BatchNorm / activations still run per element
        ops = checkedAdd(
            ops, checkedMul(VectorOpCosts::perElement(fused), outputElements, what), what);
    return ops;
}

} // namespace

int64_t layerMacs(const Layer& layer)
{
    return isCompute(layer.kind) && !layer.unknownOp ? nestMacs(layer) : 0;
}

LayerMetrics characterizeLayer(const Model& model, const Layer& layer, int bytesPerElement)
{
    if (bytesPerElement <= 0)
        throw MensaError("", "bytes per element must be positive");
    LayerMetrics m;
    m.bytesPerElement = bytesPerElement;
    const std::string what = "layer '" + layer.name + "'";
    if (isCompute(layer.kind) && !layer.unknownOp) {
        m.macs = nestMacs(layer);
        m.macsPerStep
            = isRecurrent(layer.kind) && layer.nest.steps > 0 ? m.macs / layer.nest.steps : m.macs;
    }
    // A layer of a Loop/Scan body runs `steps` times on tensors of one iteration (recurrent
    // layers already hold the whole sequence in their tensors); its weights are read once.
    int64_t repeats = isRecurrent(layer.kind) ? 1 : layer.nest.steps;
    int64_t outputElements
        = checkedMul(sumElements(model, layer, layer.outputs, what + " outputs"), repeats, what);
    int64_t firstOutput = layer.outputs.empty() ? 0 : elementsOf(model, layer, layer.outputs[0]);
    m.vectorOps = checkedMul(vectorOps(layer, firstOutput), repeats, what + " vector operations");
    m.params = sumElements(model, layer, layer.params, what + " parameters");
    m.paramBytes = checkedMul(m.params, bytesPerElement, what + " parameter bytes");
    int64_t inputElements
        = checkedMul(sumElements(model, layer, layer.inputs, what + " inputs"), repeats, what);
    m.inputActBytes = checkedMul(inputElements, bytesPerElement, what + " input bytes");
    m.outputActBytes = checkedMul(outputElements, bytesPerElement, what + " output bytes");
    int64_t bytes
        = checkedAdd(checkedAdd(m.paramBytes, m.inputActBytes, what), m.outputActBytes, what);
    m.flopPerByte
        = bytes > 0 ? 2.0 * static_cast<double>(m.macs) / static_cast<double>(bytes) : 0.0;
    m.paramReuse = m.params > 0 ? static_cast<double>(m.macs) / static_cast<double>(m.params) : 0.0;
    return m;
}

void characterize(Model& model, const CharacterizeOptions& options)
{
    ModelTotals running;
    for (auto& layer : model.layers) {
        layer.metrics = characterizeLayer(model, layer, options.bytesPerElement);
        running.macs = checkedAdd(running.macs, layer.metrics.macs, "the model's total MAC count");
        running.paramBytes = checkedAdd(
            running.paramBytes, layer.metrics.paramBytes, "the model's parameter bytes");
        running.activationBytes = checkedAdd(running.activationBytes,
            layer.metrics.activationBytes(), "the model's activation bytes");
    }
}

} // namespace mensa
