#include "onnx/LayerTranslator.h"

#include "onnx/EinsumEquation.h"
#include "onnx/OperatorTable.h"
#include "util/CheckedMath.h"
#include "util/Error.h"

#include <algorithm>
#include <sstream>

namespace mensa {
namespace {

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name)
{
    for (const auto& attr : node.attribute())
        if (attr.name() == name)
            return &attr;
    return nullptr;
}

int64_t intAttr(const onnx::NodeProto& node, const std::string& name, int64_t fallback)
{
    const auto* attr = attribute(node, name);
    return attr && attr->type() == onnx::AttributeProto::INT ? attr->i() : fallback;
}

std::vector<int64_t> intsAttr(const onnx::NodeProto& node, const std::string& name)
{
    const auto* attr = attribute(node, name);
    if (!attr)
        return {};
    return { attr->ints().begin(), attr->ints().end() };
}

std::string renderAttribute(const onnx::AttributeProto& attr)
{
    constexpr int kMaxItems = 16;
    std::ostringstream out;
    switch (attr.type()) {
    case onnx::AttributeProto::INT:
        out << attr.i();
        break;
    case onnx::AttributeProto::FLOAT:
        out << attr.f();
        break;
    case onnx::AttributeProto::STRING:
        out << attr.s().substr(0, 64);
        break;
    case onnx::AttributeProto::INTS:
        out << "[";
        for (int i = 0; i < std::min(attr.ints_size(), kMaxItems); ++i)
            out << (i ? ", " : "") << attr.ints(i);
        out << (attr.ints_size() > kMaxItems ? ", ...]" : "]");
        break;
    case onnx::AttributeProto::FLOATS:
        out << "[";
        for (int i = 0; i < std::min(attr.floats_size(), kMaxItems); ++i)
            out << (i ? ", " : "") << attr.floats(i);
        out << (attr.floats_size() > kMaxItems ? ", ...]" : "]");
        break;
    case onnx::AttributeProto::TENSOR:
        out << "<tensor>";
        break;
    case onnx::AttributeProto::GRAPH:
        out << "<graph>";
        break;
    default:
        out << "<" << onnx::AttributeProto_AttributeType_Name(attr.type()) << ">";
        break;
    }
    return out.str();
}

std::string nodeError(const onnx::NodeProto& node, const std::string& problem)
{
    return "node '" + node.name() + "' (" + node.op_type() + "): " + problem;
}

// A window (kernel x dilation) wider than its explicitly padded input has no valid position.
// ONNX's shape inference rounds such an axis up to one output where runtimes refuse the node,
// so the importer refuses it too rather than cost a layer that cannot run.
void checkWindowFits(
    const onnx::NodeProto& node, const std::vector<int64_t>& x, const std::vector<int64_t>& kernel)
{
    const auto* autoPad = attribute(node, "auto_pad");
    if (autoPad && autoPad->s() != "NOTSET" && autoPad->s() != "VALID")
        return; // SAME pads to fit
    const size_t n = kernel.size();
    const bool valid = autoPad && autoPad->s() == "VALID"; // VALID ignores pads
    const auto pads = intsAttr(node, "pads"), dilations = intsAttr(node, "dilations");
    for (size_t i = 0; i < n && i + 2 < x.size(); ++i) {
        const int64_t pad = pads.size() == 2 * n && !valid ? pads[i] + pads[i + n] : 0;
        const int64_t padded = x[i + 2] + pad;
        const int64_t extent = (dilations.size() == n ? dilations[i] : 1) * (kernel[i] - 1) + 1;
        if (padded < extent)
            throw MensaError("",
                nodeError(node,
                    "its window spans " + std::to_string(extent) + " on axis "
                        + std::to_string(i + 2) + " but the padded input has only "
                        + std::to_string(padded)));
    }
}

int64_t product(const std::vector<int64_t>& dims, size_t from, size_t to, const std::string& what)
{
    int64_t n = 1;
    for (size_t i = from; i < to && i < dims.size(); ++i)
        n = checkedMul(n, dims[i], what);
    return n;
}

// Spatial dims after N and C folded into H x W: 1-D -> 1 x L, 3-D -> (D*H) x W.
std::pair<int64_t, int64_t> spatial(const std::vector<int64_t>& dims, const std::string& what)
{
    if (dims.size() <= 2)
        return { 1, 1 };
    return { product(dims, 2, dims.size() - 1, what), dims.back() };
}

// The last two entries of a per-axis attribute (strides, dilations) as (H, W), 1 where absent.
std::pair<int64_t, int64_t> heightWidth(const std::vector<int64_t>& perAxis)
{
    const int64_t w = perAxis.empty() ? 1 : perAxis.back();
    return { perAxis.size() >= 2 ? perAxis[perAxis.size() - 2] : 1, w };
}

bool isWeightType(ElementType type)
{
    return type == ElementType::Float32 || type == ElementType::Float16
        || type == ElementType::Double || type == ElementType::Int8 || type == ElementType::Uint8;
}

bool ownsDataConstants(const Layer& layer, int inputIndex)
{
    switch (layer.kind) {
    case LayerKind::Elementwise:
    case LayerKind::Activation:
    case LayerKind::Concat:
        return true;
    case LayerKind::Reshape:
        return layer.opType == "Gather" && inputIndex == 0;
    default:
        return false;
    }
}

} // namespace

LayerTranslator::LayerTranslator(TensorCatalog& catalog)
    : m_catalog(catalog)
{
}

std::optional<Layer> LayerTranslator::translate(const onnx::NodeProto& node, int index)
{
    auto kind = OperatorTable::kindOf(node.op_type(), node.domain());
    if (foldsToConstant(node, kind.has_value())) {
        for (const auto& out : node.output())
            if (!out.empty())
                m_catalog.markConstant(out);
        return std::nullopt;
    }
    Layer layer = baseLayer(node, index, kind.value_or(LayerKind::Other));
    layer.unknownOp = !kind.has_value();
    try {
        splitInputs(node, layer);
        fillNest(node, layer);
    }
    catch (const MensaError& e) {
        if (!layer.unknownOp)
            throw;
        throw MensaError("",
            e.problem() + " (operator " + layer.opType
                + " is unknown to ONNX shape inference;"
                  " its outputs need shapes in the file's value_info)");
    }
    return layer;
}

bool LayerTranslator::foldsToConstant(const onnx::NodeProto& node, bool known) const
{
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (!defaultDomain)
        return false;
    if (node.op_type() == "Constant" || OperatorTable::isShapeOnly(node.op_type()))
        return true;
    auto kind = OperatorTable::kindOf(node.op_type(), node.domain());
    if (!known || isCompute(*kind))
        return false;
    bool anyInput = false;
    for (const auto& in : node.input()) {
        if (in.empty())
            continue;
        if (!m_catalog.isConstant(in))
            return false;
        anyInput = true;
    }
    return anyInput;
}

Layer LayerTranslator::baseLayer(const onnx::NodeProto& node, int index, LayerKind kind)
{
    Layer layer;
    std::string name
        = node.name().empty() ? node.op_type() + "_" + std::to_string(index) : node.name();
    if (!m_usedNames.insert(name).second) {
        name += "_" + std::to_string(index);
        m_usedNames.insert(name);
    }
    layer.name = name;
    layer.opType = node.domain().empty() || node.domain() == "ai.onnx"
        ? node.op_type()
        : node.domain() + "::" + node.op_type();
    layer.kind = kind;
    for (const auto& attr : node.attribute())
        layer.attributes[attr.name()] = renderAttribute(attr);
    for (const auto& out : node.output())
        if (!out.empty())
            layer.outputs.push_back(out);
    return layer;
}

// Activations vs parameters. Compute and normalisation layers own all their constant
// operands (recurrent: W, R, B only); elementwise, activation and concat layers own floating
// constants with more than one element (a bias vector, a PRelu slope, a class token), as does
// Gather for its table (embeddings); shape/axes/scale/scalar operands are never parameters.
void LayerTranslator::splitInputs(const onnx::NodeProto& node, Layer& layer) const
{
    bool ownsAll = isCompute(layer.kind) || layer.kind == LayerKind::Normalization;
    OperandLayout operands = OperatorTable::operandsOf(node.op_type());
    const std::string& op = node.op_type();
    bool quantized = op.rfind("QLinear", 0) == 0 || op == "ConvInteger" || op == "MatMulInteger"
        || op == "QOrderedMatMul" || op == "MatMulIntegerToFloat" || op == "DynamicQuantizeMatMul";
    for (int i = 0; i < node.input_size(); ++i) {
        const std::string& in = node.input(i);
        if (in.empty())
            continue;
        if (!m_catalog.isConstant(in)) {
            if (std::find(layer.inputs.begin(), layer.inputs.end(), in) == layer.inputs.end())
                layer.inputs.push_back(in);
            continue;
        }
        const TensorInfo& t = m_catalog.resolved(in);
        bool owned = false;
        if (isRecurrent(layer.kind))
            owned = i >= 1 && i <= 3;
        else if (quantized)
            owned = i == operands.weight || i == operands.bias;
        else if (ownsAll)
            owned = true;
        else
            owned = ownsDataConstants(layer, i) && isWeightType(t.type) && t.elementCount() > 1;
        if (owned)
            layer.params.push_back(in);
    }
}

void LayerTranslator::fillNest(const onnx::NodeProto& node, Layer& layer) const
{
    const std::string& op = node.op_type();
    if (op == "Einsum")
        return fillEinsum(node, layer);
    if (op == "Attention" && node.domain() == "com.microsoft")
        return fillAttention(node, layer);
    if (op == "MultiHeadAttention" && node.domain() == "com.microsoft")
        return fillMultiHeadAttention(node, layer);
    switch (layer.kind) {
    case LayerKind::Conv:
        return fillConv(node, layer);
    case LayerKind::ConvTranspose:
        return fillConvTranspose(node, layer);
    case LayerKind::FullyConnected:
        return op == "Gemm" ? fillGemm(node, layer) : fillMatMul(node, layer);
    case LayerKind::Lstm:
    case LayerKind::Gru:
    case LayerKind::Rnn:
        return fillRecurrent(node, layer);
    case LayerKind::Pool:
        return fillPool(node, layer);
    default:
        return fillElements(layer);
    }
}

const std::vector<int64_t>& LayerTranslator::inputShape(
    const onnx::NodeProto& node, int index) const
{
    if (index < 0 || index >= node.input_size() || node.input(index).empty())
        throw MensaError("", nodeError(node, "input " + std::to_string(index) + " is missing"));
    return m_catalog.shape(node.input(index));
}

void LayerTranslator::fillConv(const onnx::NodeProto& node, Layer& layer) const
{
    OperandLayout operands = OperatorTable::operandsOf(node.op_type());
    const auto& x = inputShape(node, operands.data);
    const auto& w = inputShape(node, operands.weight);
    const auto& y = m_catalog.shape(layer.outputs.at(0));
    int64_t groups = intAttr(node, "group", 1);
    if (x.size() < 3 || w.size() != x.size() || y.size() != x.size() || groups < 1
        || x[1] % groups != 0 || w[0] % groups != 0 || w[1] * groups != x[1])
        throw MensaError("", nodeError(node, "input, weight and output shapes do not agree"));
    LoopNest& n = layer.nest;
    const std::string what = "layer '" + layer.name + "' loop nest";
    n.batch = x[0];
    n.groups = groups;
    n.outChannels = w[0] / groups;
    n.inChannels = w[1];
    std::tie(n.outH, n.outW) = spatial(y, what);
    std::tie(n.kernelH, n.kernelW) = spatial(w, what);
    std::tie(n.inH, n.inW) = spatial(x, what);
    std::tie(n.strideH, n.strideW) = heightWidth(intsAttr(node, "strides"));
    std::tie(n.dilationH, n.dilationW) = heightWidth(intsAttr(node, "dilations"));
    checkWindowFits(node, x, std::vector<int64_t>(w.begin() + 2, w.end()));
    if (groups > 1 && groups == x[1] && w[0] == x[1])
        layer.kind = LayerKind::DepthwiseConv;
}

// The loop runs over input positions, each scattered through the kernel: outH x outW hold the
// input's spatial size and inH x inW the produced output size (see Layer.h).
void LayerTranslator::fillConvTranspose(const onnx::NodeProto& node, Layer& layer) const
{
    const auto& x = inputShape(node, 0);
    const auto& w = inputShape(node, 1);
    const auto& y = m_catalog.shape(layer.outputs.at(0));
    int64_t groups = intAttr(node, "group", 1);
    if (x.size() < 3 || w.size() != x.size() || y.size() != x.size() || groups < 1 || w[0] != x[1]
        || x[1] % groups != 0)
        throw MensaError("", nodeError(node, "input, weight and output shapes do not agree"));
    LoopNest& n = layer.nest;
    const std::string what = "layer '" + layer.name + "' loop nest";
    n.batch = x[0];
    n.groups = groups;
    n.outChannels = w[1];
    n.inChannels = x[1] / groups;
    std::tie(n.outH, n.outW) = spatial(x, what);
    std::tie(n.kernelH, n.kernelW) = spatial(w, what);
    std::tie(n.inH, n.inW) = spatial(y, what);
    std::tie(n.strideH, n.strideW) = heightWidth(intsAttr(node, "strides"));
}

void LayerTranslator::fillGemm(const onnx::NodeProto& node, Layer& layer) const
{
    const auto& a = inputShape(node, 0);
    const auto& b = inputShape(node, 1);
    if (a.size() != 2 || b.size() != 2)
        throw MensaError("", nodeError(node, "Gemm operands must be matrices"));
    bool transA = intAttr(node, "transA", 0) != 0;
    bool transB = intAttr(node, "transB", 0) != 0;
    LoopNest& n = layer.nest;
    n.batch = transA ? a[1] : a[0];
    n.inChannels = transA ? a[0] : a[1];
    n.outChannels = transB ? b[0] : b[1];
    if ((transB ? b[1] : b[0]) != n.inChannels)
        throw MensaError("", nodeError(node, "inner dimensions of the operands differ"));
    if (layer.params.empty())
        layer.kind = LayerKind::MatMul;
}

// [..., M, K] x [..., K, N]: batch covers M and every broadcast batch dimension.
void LayerTranslator::fillMatMul(const onnx::NodeProto& node, Layer& layer) const
{
    OperandLayout operands = OperatorTable::operandsOf(node.op_type());
    const auto& a = inputShape(node, operands.data);
    const auto& b = inputShape(node, operands.weight);
    const auto& y = m_catalog.shape(layer.outputs.at(0));
    if (a.empty() || b.empty())
        throw MensaError("", nodeError(node, "MatMul operands must have at least one dimension"));
    bool transA = a.size() >= 2 && intAttr(node, "transA", 0) != 0; // FusedMatMul
    bool transB = b.size() >= 2 && intAttr(node, "transB", 0) != 0;
    int64_t k = transA ? a[a.size() - 2] : a.back();
    int64_t kb = b.size() >= 2 ? b[b.size() - (transB ? 1 : 2)] : b[0];
    int64_t cols = b.size() >= 2 ? b[b.size() - (transB ? 2 : 1)] : 1;
    if (k != kb)
        throw MensaError("", nodeError(node, "inner dimensions of the operands differ"));
    LoopNest& n = layer.nest;
    int64_t outputs = product(y, 0, y.size(), "layer '" + layer.name + "' output");
    n.inChannels = k;
    n.outChannels = cols;
    n.batch = cols == 0 ? 0 : outputs / cols;
    if (layer.params.empty())
        layer.kind = LayerKind::MatMul;
}

// Two or more operands: rows = output labels of the first operand, columns = the other output
// labels, inner = the summed labels, so the nest holds one MAC per term of the sum. One operand:
// a sum over labels (Pool, like ReduceSum) or a pure relabelling (transpose/diagonal, Reshape).
void LayerTranslator::fillEinsum(const onnx::NodeProto& node, Layer& layer) const
{
    const auto* equation = attribute(node, "equation");
    if (!equation || node.input_size() == 0)
        throw MensaError("", nodeError(node, "Einsum needs an equation and operands"));
    std::vector<std::vector<int64_t>> shapes;
    for (int i = 0; i < node.input_size(); ++i)
        shapes.push_back(inputShape(node, i));
    std::optional<EinsumEquation> eq;
    try {
        eq.emplace(equation->s(), shapes);
    }
    catch (const MensaError& e) {
        throw MensaError("", nodeError(node, e.problem()));
    }
    std::string summed = eq->contracted();
    if (shapes.size() == 1) {
        layer.kind = summed.empty() ? LayerKind::Reshape : LayerKind::Pool;
        fillElements(layer);
        layer.nest.kernelH = eq->product(summed);
        return;
    }
    std::string rows, cols;
    for (char label : eq->output())
        (eq->operands()[0].find(label) != std::string::npos ? rows : cols) += label;
    layer.nest.batch = eq->product(rows);
    layer.nest.outChannels = eq->product(cols);
    layer.nest.inChannels = eq->product(summed);
    layer.kind = layer.params.empty() ? LayerKind::MatMul : LayerKind::FullyConnected;
}

// com.microsoft Attention: X [B, S, H_in] projected by W [H_in, q+k+v] (the parameters), then
// Q K^T and softmax(.) V over S_kv = S + past positions. Per token: H_in*(q+k+v) + S_kv*(q+v)
// MACs, held as batch = B*S rows of H_in x (per-token MACs / H_in) when that divides.
void LayerTranslator::fillAttention(const onnx::NodeProto& node, Layer& layer) const
{
    const auto& x = inputShape(node, 0);
    const auto& w = inputShape(node, 1);
    auto sizes = intsAttr(node, "qkv_hidden_sizes");
    if (x.size() != 3 || w.size() != 2 || w[0] != x[2] || (sizes.size() != 3 && w[1] % 3 != 0))
        throw MensaError("", nodeError(node, "input and weight shapes do not agree"));
    int64_t q = sizes.size() == 3 ? sizes[0] : w[1] / 3;
    int64_t v = sizes.size() == 3 ? sizes[2] : w[1] / 3;
    int64_t kvLength = x[1];
    if (node.input_size() > 4 && !node.input(4).empty() && inputShape(node, 4).size() == 5)
        kvLength = checkedAdd(kvLength, inputShape(node, 4)[3], "attention length");
    const std::string what = "layer '" + layer.name + "' MACs";
    int64_t perToken
        = checkedAdd(checkedMul(x[2], w[1], what), checkedMul(kvLength, q + v, what), what);
    LoopNest& n = layer.nest;
    n.batch = checkedMul(x[0], x[1], what);
    n.inChannels = x[2] > 0 && perToken % x[2] == 0 ? x[2] : 1;
    n.outChannels = perToken / n.inChannels;
}

// com.microsoft MultiHeadAttention with separate Q [B, S, D], K [B, L, D], V [B, L, Dv]:
// Q K^T and softmax(.) V, S*L*(D + Dv) MACs per batch. Packed Q/K/V forms stay uncosted.
void LayerTranslator::fillMultiHeadAttention(const onnx::NodeProto& node, Layer& layer) const
{
    const auto& q = inputShape(node, 0);
    bool separate = node.input_size() > 2 && !node.input(1).empty() && !node.input(2).empty();
    if (!separate || q.size() != 3 || inputShape(node, 1).size() != 3
        || inputShape(node, 2).size() != 3) {
        layer.unknownOp = true; // named in the model's "not modelled" warning
        layer.kind = LayerKind::Other;
        return fillElements(layer);
    }
    const auto& k = inputShape(node, 1);
    const auto& v = inputShape(node, 2);
    if (k[2] != q[2] || k[1] != v[1])
        throw MensaError("", nodeError(node, "query, key and value shapes do not agree"));
    LoopNest& n = layer.nest;
    n.batch = checkedMul(q[0], q[1], "layer '" + layer.name + "' rows");
    n.inChannels = k[1];
    n.outChannels = checkedAdd(q[2], v[2], "layer '" + layer.name + "' columns");
}

void LayerTranslator::fillRecurrent(const onnx::NodeProto& node, Layer& layer) const
{
    const auto& x = inputShape(node, 0);
    const auto& w = inputShape(node, 1);
    int64_t gates = layer.kind == LayerKind::Lstm ? 4 : layer.kind == LayerKind::Gru ? 3 : 1;
    if (x.size() != 3 || w.size() != 3 || w[2] != x[2])
        throw MensaError("", nodeError(node, "input and weight shapes do not agree"));
    int64_t hidden = intAttr(node, "hidden_size", w[1] / gates);
    if (hidden <= 0 || w[1] != gates * hidden)
        throw MensaError("", nodeError(node, "hidden_size does not match the weight shape"));
    bool batchFirst = intAttr(node, "layout", 0) == 1;
    LoopNest& n = layer.nest;
    n.steps = batchFirst ? x[1] : x[0];
    n.batch = batchFirst ? x[0] : x[1];
    n.outChannels = checkedMul(w[1], w[0], "layer '" + layer.name + "' gates");
    n.inChannels = checkedAdd(x[2], hidden, "layer '" + layer.name + "' inputs");
}

void LayerTranslator::fillPool(const onnx::NodeProto& node, Layer& layer) const
{
    const auto& x = inputShape(node, 0);
    const auto& y = m_catalog.shape(layer.outputs.at(0));
    const std::string what = "layer '" + layer.name + "' loop nest";
    LoopNest& n = layer.nest;
    auto kernel = intsAttr(node, "kernel_shape");
    bool windowed = !kernel.empty() && x.size() >= 3 && y.size() == x.size();
    bool global = node.op_type().rfind("Global", 0) == 0 && x.size() >= 3 && y.size() == x.size();
    if (!windowed && !global) { // reductions: kernel = inputs per output element
        fillElements(layer);
        int64_t in = product(x, 0, x.size(), what);
        int64_t out = product(y, 0, y.size(), what);
        n.kernelH = out > 0 ? in / out : 0;
        return;
    }
    n.batch = x[0];
    n.outChannels = y[1];
    n.inChannels = x[1];
    std::tie(n.outH, n.outW) = spatial(y, what);
    std::tie(n.inH, n.inW) = spatial(x, what);
    if (global) {
        std::tie(n.kernelH, n.kernelW) = std::make_pair(n.inH, n.inW);
    }
    else {
        checkWindowFits(node, x, kernel);
        n.kernelW = kernel.back();
        n.kernelH = product(kernel, 0, kernel.size() - 1, what);
        std::tie(n.strideH, n.strideW) = heightWidth(intsAttr(node, "strides"));
    }
}

// Output element count as batch * outChannels * outH * outW (NCHW where the rank allows).
void LayerTranslator::fillElements(Layer& layer) const
{
    LoopNest& n = layer.nest;
    if (layer.outputs.empty())
        return;
    const auto& y = m_catalog.shape(layer.outputs[0]);
    const std::string what = "layer '" + layer.name + "' output";
    if (y.size() == 1)
        n.outChannels = y[0];
    if (y.size() >= 2) {
        n.batch = y[0];
        n.outChannels = y[1];
    }
    if (y.size() >= 3)
        std::tie(n.outH, n.outW) = spatial(y, what);
    if (!layer.inputs.empty()) {
        const auto& x = m_catalog.shape(layer.inputs[0]);
        if (x.size() >= 2)
            n.inChannels = x[1];
        if (x.size() >= 3)
            std::tie(n.inH, n.inW) = spatial(x, what);
    }
}

} // namespace mensa
