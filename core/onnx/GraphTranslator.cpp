#include "onnx/GraphTranslator.h"

#include "analysis/Characterizer.h"
#include "onnx/LayerTranslator.h"
#include "util/CheckedMath.h"
#include "util/Error.h"

#include <cstring>
#include <optional>

namespace mensa {
namespace {

bool isControlFlow(const onnx::NodeProto& node)
{
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    return defaultDomain
        && (node.op_type() == "If" || node.op_type() == "Loop" || node.op_type() == "Scan");
}

const onnx::GraphProto* graphAttr(const onnx::NodeProto& node, const std::string& name)
{
    for (const auto& attr : node.attribute())
        if (attr.name() == name && attr.has_g())
            return &attr.g();
    return nullptr;
}

std::optional<int64_t> scalarInt(const onnx::TensorProto& t)
{
    int64_t count = 1;
    for (int64_t d : t.dims())
        count *= d;
    if (count != 1 || t.data_location() == onnx::TensorProto::EXTERNAL)
        return std::nullopt;
    if (t.data_type() == onnx::TensorProto::INT64) {
        if (t.int64_data_size() == 1)
            return t.int64_data(0);
        int64_t v = 0;
        if (t.raw_data().size() != sizeof v)
            return std::nullopt;
        std::memcpy(&v, t.raw_data().data(), sizeof v);
        return v;
    }
    if (t.data_type() == onnx::TensorProto::INT32) {
        if (t.int32_data_size() == 1)
            return t.int32_data(0);
        int32_t v = 0;
        if (t.raw_data().size() != sizeof v)
            return std::nullopt;
        std::memcpy(&v, t.raw_data().data(), sizeof v);
        return v;
    }
    return std::nullopt;
}

// The value of an int scalar initializer or Constant output of `graph`.
std::optional<int64_t> constantInt(const onnx::GraphProto& graph, const std::string& name)
{
    if (name.empty())
        return std::nullopt;
    for (const auto& init : graph.initializer())
        if (init.name() == name)
            return scalarInt(init);
    for (const auto& node : graph.node())
        if (node.op_type() == "Constant" && node.output_size() == 1 && node.output(0) == name)
            for (const auto& attr : node.attribute()) {
                if (attr.name() == "value" && attr.has_t())
                    return scalarInt(attr.t());
                if (attr.name() == "value_int")
                    return attr.i();
            }
    return std::nullopt;
}

int64_t totalMacs(const std::vector<Layer>& layers)
{
    int64_t macs = 0;
    for (const auto& layer : layers)
        macs = checkedAdd(macs, layerMacs(layer), "control-flow body MACs");
    return macs;
}

void repeat(std::vector<Layer>& layers, int64_t times)
{
    for (auto& layer : layers)
        layer.nest.steps
            = checkedMul(layer.nest.steps, times, "layer '" + layer.name + "' iterations");
}

std::string quoted(const onnx::NodeProto& node, const std::string& name)
{
    return node.op_type() + " '" + name + "'";
}

} // namespace

GraphTranslator::GraphTranslator(TensorCatalog& catalog, int opset)
    : m_catalog(catalog)
    , m_opset(opset)
{
}

std::vector<Layer> GraphTranslator::translate(const onnx::GraphProto& graph)
{
    LayerTranslator translator(m_catalog);
    std::vector<Layer> layers;
    layers.reserve(graph.node_size());
    for (int i = 0; i < graph.node_size(); ++i) {
        const onnx::NodeProto& node = graph.node(i);
        auto layer = translator.translate(node, i);
        if (layer && isControlFlow(node)) {
            std::vector<Layer> body = expand(graph, node, layer->name);
            layers.insert(layers.end(), std::make_move_iterator(body.begin()),
                std::make_move_iterator(body.end()));
        }
        if (layer)
            layers.push_back(std::move(*layer));
    }
    return layers;
}

std::vector<Layer> GraphTranslator::expand(
    const onnx::GraphProto& graph, const onnx::NodeProto& node, const std::string& name)
{
    try {
        if (node.op_type() == "If")
            return expandIf(node, name);
        if (node.op_type() == "Loop")
            return expandLoop(graph, node, name);
        return expandScan(node, name);
    }
    catch (const MensaError& e) {
        m_warnings.push_back(quoted(node, name) + ": body not costed (" + e.problem() + ")");
        return {};
    }
}

// The larger branch by MACs (the then branch on a tie); a note names it when it has compute.
std::vector<Layer> GraphTranslator::expandIf(const onnx::NodeProto& node, const std::string& name)
{
    const onnx::GraphProto* thenGraph = graphAttr(node, "then_branch");
    const onnx::GraphProto* elseGraph = graphAttr(node, "else_branch");
    if (!thenGraph || !elseGraph)
        throw MensaError("", "then_branch or else_branch is missing");
    std::vector<Layer> thenLayers = bodyLayers(*thenGraph, name);
    std::vector<Layer> elseLayers = bodyLayers(*elseGraph, name);
    int64_t thenMacs = totalMacs(thenLayers);
    int64_t elseMacs = totalMacs(elseLayers);
    bool takeThen = thenMacs >= elseMacs;
    if (std::max(thenMacs, elseMacs) > 0)
        m_warnings.push_back(quoted(node, name) + ": counted its " + (takeThen ? "then" : "else")
            + "_branch (" + std::to_string(takeThen ? thenMacs : elseMacs)
            + " MACs), the larger of its branches (" + (takeThen ? "else" : "then")
            + "_branch: " + std::to_string(takeThen ? elseMacs : thenMacs) + " MACs)");
    return takeThen ? std::move(thenLayers) : std::move(elseLayers);
}

// Loop input 0 (M) is the trip count; a constant M repeats the body M times (the condition may
// end it earlier: M is then an upper bound). Otherwise one iteration is counted.
std::vector<Layer> GraphTranslator::expandLoop(
    const onnx::GraphProto& graph, const onnx::NodeProto& node, const std::string& name)
{
    const onnx::GraphProto* body = graphAttr(node, "body");
    if (!body)
        throw MensaError("", "the body is missing");
    std::vector<Layer> layers = bodyLayers(*body, name);
    auto trips = constantInt(graph, node.input_size() > 0 ? node.input(0) : "");
    if (trips && *trips >= 0) {
        repeat(layers, *trips);
    }
    else if (!layers.empty()) {
        m_warnings.push_back(quoted(node, name)
            + ": the trip count is not a constant, so its body ("
            + std::to_string(totalMacs(layers))
            + " MACs) is counted for one iteration: the count is per iteration");
    }
    return layers;
}

// The body runs once per slice along the scan axis of the first scan input (opset 8: once per
// batch entry and step, the scan inputs being [batch, sequence, ...]).
std::vector<Layer> GraphTranslator::expandScan(const onnx::NodeProto& node, const std::string& name)
{
    const onnx::GraphProto* body = graphAttr(node, "body");
    if (!body)
        throw MensaError("", "the body is missing");
    std::vector<Layer> layers = bodyLayers(*body, name);
    int64_t scanInputs = 0, axis = 0;
    for (const auto& attr : node.attribute()) {
        if (attr.name() == "num_scan_inputs")
            scanInputs = attr.i();
        if (attr.name() == "scan_input_axes" && attr.ints_size() > 0)
            axis = attr.ints(0);
    }
    int first = node.input_size() - static_cast<int>(scanInputs);
    const TensorInfo* input
        = scanInputs > 0 && first >= 0 ? m_catalog.find(node.input(first)) : nullptr;
    int64_t rank = input ? static_cast<int64_t>(input->shape.size()) : 0;
    if (axis < 0)
        axis += rank;
    bool batched
        = m_opset < 9; // Scan 8: [batch, sequence, ...], the body runs per batch entry and step
    if (batched && input && rank >= 2 && input->shape[0] >= 0 && input->shape[1] >= 0) {
        repeat(
            layers, checkedMul(input->shape[0], input->shape[1], "Scan '" + name + "' iterations"));
    }
    else if (!batched && input && axis >= 0 && axis < rank && input->shape[axis] >= 0) {
        repeat(layers, input->shape[axis]);
    }
    else if (!layers.empty()) {
        m_warnings.push_back(quoted(node, name) + ": the scan length is unknown, so its body ("
            + std::to_string(totalMacs(layers))
            + " MACs) is counted for one iteration: the count is per iteration");
    }
    return layers;
}

// The body's layers over a catalog that also sees the outer scope; every tensor they touch
// must have a static shape (MensaError otherwise). The outer catalog keeps those tensors.
std::vector<Layer> GraphTranslator::bodyLayers(
    const onnx::GraphProto& body, const std::string& prefix)
{
    TensorCatalog inner(body);
    inner.addMissing(m_catalog);
    GraphTranslator nested(inner, m_opset);
    std::vector<Layer> layers = nested.translate(body);
    m_warnings.insert(m_warnings.end(), nested.m_warnings.begin(), nested.m_warnings.end());
    for (auto& layer : layers) {
        for (size_t i = layer.outputs.size(); i-- > 1;) // optional outputs without a shape
            if (!inner.find(layer.outputs[i]))
                layer.outputs.erase(layer.outputs.begin() + static_cast<long>(i));
        for (const auto* names : { &layer.inputs, &layer.params, &layer.outputs })
            for (const auto& tensor : *names)
                inner.resolved(tensor);
        layer.name = prefix + "/" + layer.name;
    }
    m_catalog.addMissing(inner);
    return layers;
}

} // namespace mensa
