#include "model/GraphBuilder.h"

#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

namespace mensa {

namespace {

// A weight tensor; stored per WeightStorage when the model is built.
struct Weight {
    std::string name;
    std::vector<int64_t> dims;
};

// A small constant that shape inference needs (shapes, scales, clip bounds): always inline.
struct Constant {
    std::string name;
    std::vector<int64_t> dims;
    std::vector<int64_t> ints; // INT64 data when non-empty or when isFloat is false
    std::vector<float> floats; // FLOAT data when isFloat
    bool isFloat = false;
};

int64_t product(const std::vector<int64_t>& dims)
{
    int64_t n = 1;
    for (int64_t d : dims)
        n *= d;
    return n;
}

void setShape(onnx::ValueInfoProto& info, const std::string& name, const std::vector<int64_t>& dims,
    int elemType = onnx::TensorProto::FLOAT)
{
    info.set_name(name);
    auto* tensorType = info.mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(elemType);
    auto* shape = tensorType->mutable_shape();
    for (int64_t d : dims)
        shape->add_dim()->set_dim_value(d);
}

// Deterministic small values in [-0.05, 0.05) so "Values" files hold realistic-looking data.
void fillPseudoRandom(std::string& bytes, int64_t count, uint32_t seed)
{
    bytes.resize(static_cast<size_t>(count) * sizeof(float));
    uint32_t state = seed * 2654435761u + 1u;
    char* out = bytes.data();
    for (int64_t i = 0; i < count; ++i) {
        state = state * 1664525u + 1013904223u;
        float v = (static_cast<float>(state >> 8) / 16777216.0f - 0.5f) * 0.1f;
        std::memcpy(out + i * sizeof(float), &v, sizeof(float));
    }
}

std::string externalFileName(const std::string& modelName)
{
    return modelName + ".weights.bin";
}

} // namespace

struct GraphBuilder::Impl {
    std::string modelName;
    int opset = 13;
    std::vector<onnx::NodeProto> nodes;
    std::vector<std::pair<std::string, std::vector<int64_t>>> inputs;
    std::vector<std::string> outputs;
    std::vector<Weight> weights;
    std::vector<Constant> constants;
    std::map<std::string, std::vector<int64_t>> shapes;
    std::vector<std::string> customOutputs; // need value_info: shape inference cannot see them
    std::map<std::string, int> counters;
    std::vector<std::string> customDomains;
    std::set<std::string> int64Tensors; // ArgMax outputs; every other tensor is FLOAT

    std::string uniqueName(const std::string& base)
    {
        int n = ++counters[base];
        return base + "_" + std::to_string(n);
    }

    const std::vector<int64_t>& shapeOf(const std::string& tensor) const
    {
        auto it = shapes.find(tensor);
        if (it == shapes.end())
            throw std::invalid_argument("GraphBuilder: unknown tensor '" + tensor + "'");
        return it->second;
    }

    onnx::NodeProto& addNode(const std::string& opType, const std::string& name,
        const std::vector<std::string>& ins, const std::vector<std::string>& outs)
    {
        onnx::NodeProto& node = nodes.emplace_back();
        node.set_op_type(opType);
        node.set_name(name);
        for (const auto& in : ins)
            node.add_input(in);
        for (const auto& out : outs)
            node.add_output(out);
        return node;
    }

    // Single-output node with the output shape recorded.
    std::string simpleNode(const std::string& opType, const std::vector<std::string>& ins,
        const std::vector<int64_t>& outShape, onnx::NodeProto** nodeOut = nullptr)
    {
        std::string name = uniqueName(opType);
        std::string out = name + "_out";
        onnx::NodeProto& node = addNode(opType, name, ins, { out });
        shapes[out] = outShape;
        if (nodeOut)
            *nodeOut = &node;
        return out;
    }

    std::string weight(const std::string& name, const std::vector<int64_t>& dims)
    {
        weights.push_back({ name, dims });
        shapes[name] = dims;
        return name;
    }

    std::string intConstant(const std::string& name, const std::vector<int64_t>& values)
    {
        constants.push_back({ name, { static_cast<int64_t>(values.size()) }, values, {}, false });
        return name;
    }

    std::string floatConstant(
        const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& values)
    {
        constants.push_back({ name, dims, {}, values, true });
        return name;
    }

    std::string pool(const std::string& opType, const std::string& x, int64_t kernel,
        int64_t stride, int64_t pad, bool ceil = false);
    std::string recurrent(GraphBuilder& builder, const std::string& opType, const std::string& x,
        int64_t hidden, int64_t gates, bool bidirectional);
};

namespace {

void setInts(onnx::NodeProto& node, const std::string& name, const std::vector<int64_t>& values)
{
    auto* attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
        attr->add_ints(v);
}

void setInt(onnx::NodeProto& node, const std::string& name, int64_t value)
{
    auto* attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::INT);
    attr->set_i(value);
}

void setFloat(onnx::NodeProto& node, const std::string& name, float value)
{
    auto* attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::FLOAT);
    attr->set_f(value);
}

void setString(onnx::NodeProto& node, const std::string& name, const std::string& value)
{
    auto* attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::STRING);
    attr->set_s(value);
}

void setFloats(onnx::NodeProto& node, const std::string& name, const std::vector<float>& values)
{
    auto* attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::FLOATS);
    for (float v : values)
        attr->add_floats(v);
}

int64_t pooledSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation = 1,
    bool ceil = false)
{
    const int64_t span = in + 2 * pad - dilation * (kernel - 1) - 1;
    return (ceil ? (span + stride - 1) : span) / stride + 1;
}

std::vector<int64_t> broadcastShapes(const std::vector<int64_t>& a, const std::vector<int64_t>& b)
{
    size_t rank = std::max(a.size(), b.size());
    std::vector<int64_t> out(rank, 1);
    for (size_t i = 0; i < rank; ++i) {
        int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
        int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
        if (da != db && da != 1 && db != 1)
            throw std::invalid_argument("GraphBuilder: shapes do not broadcast");
        out[i] = std::max(da, db);
    }
    return out;
}

} // namespace

GraphBuilder::GraphBuilder(std::string modelName, int opset)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->modelName = std::move(modelName);
    m_impl->opset = opset;
}

GraphBuilder::~GraphBuilder() = default;
GraphBuilder::GraphBuilder(GraphBuilder&&) noexcept = default;
GraphBuilder& GraphBuilder::operator=(GraphBuilder&&) noexcept = default;

std::string GraphBuilder::input(const std::string& name, const std::vector<int64_t>& shape)
{
    m_impl->inputs.emplace_back(name, shape);
    m_impl->shapes[name] = shape;
    return name;
}

void GraphBuilder::output(const std::string& tensor)
{
    m_impl->shapeOf(tensor);
    m_impl->outputs.push_back(tensor);
}

const std::vector<int64_t>& GraphBuilder::shape(const std::string& tensor) const
{
    return m_impl->shapeOf(tensor);
}

std::string GraphBuilder::conv(const std::string& x, int64_t outChannels, int64_t kernel,
    int64_t stride, int64_t groups, int64_t pad, int64_t dilation, bool bias)
{
    const auto in = m_impl->shapeOf(x);
    if (in.size() != 4 || in[1] % groups != 0 || outChannels % groups != 0)
        throw std::invalid_argument(
            "GraphBuilder::conv: needs NCHW input and channels divisible by groups");
    if (pad < 0)
        pad = kernel / 2 * dilation;
    std::string name = m_impl->uniqueName("conv");
    std::vector<std::string> ins
        = { x, m_impl->weight(name + ".weight", { outChannels, in[1] / groups, kernel, kernel }) };
    if (bias)
        ins.push_back(m_impl->weight(name + ".bias", { outChannels }));
    std::string out = name + "_out";
    onnx::NodeProto& node = m_impl->addNode("Conv", name, ins, { out });
    setInts(node, "kernel_shape", { kernel, kernel });
    setInts(node, "strides", { stride, stride });
    setInts(node, "pads", { pad, pad, pad, pad });
    setInts(node, "dilations", { dilation, dilation });
    setInt(node, "group", groups);
    m_impl->shapes[out] = { in[0], outChannels, pooledSize(in[2], kernel, stride, pad, dilation),
        pooledSize(in[3], kernel, stride, pad, dilation) };
    return out;
}

std::string GraphBuilder::depthwiseConv(const std::string& x, int64_t kernel, int64_t stride)
{
    int64_t channels = m_impl->shapeOf(x).at(1);
    return conv(x, channels, kernel, stride, channels);
}

std::string GraphBuilder::convTranspose(
    const std::string& x, int64_t outChannels, int64_t kernel, int64_t stride, bool same, bool bias)
{
    const auto in = m_impl->shapeOf(x);
    std::string name = m_impl->uniqueName("deconv");
    std::vector<std::string> ins
        = { x, m_impl->weight(name + ".weight", { in.at(1), outChannels, kernel, kernel }) };
    if (bias)
        ins.push_back(m_impl->weight(name + ".bias", { outChannels }));
    std::string out = name + "_out";
    onnx::NodeProto& node = m_impl->addNode("ConvTranspose", name, ins, { out });
    setInts(node, "kernel_shape", { kernel, kernel });
    setInts(node, "strides", { stride, stride });
    const int64_t pad = same ? std::max<int64_t>(0, kernel - stride) : 0;
    if (pad > 0)
        setInts(node, "pads", { pad / 2, pad / 2, pad - pad / 2, pad - pad / 2 });
    const auto size = [&](int64_t n) { return (n - 1) * stride + kernel - pad; };
    m_impl->shapes[out] = { in[0], outChannels, size(in[2]), size(in[3]) };
    return out;
}

std::string GraphBuilder::batchNorm(const std::string& x)
{
    const auto in = m_impl->shapeOf(x);
    std::string name = m_impl->uniqueName("bn");
    std::vector<std::string> ins = { x };
    for (const char* part : { ".scale", ".bias", ".mean", ".var" })
        ins.push_back(m_impl->weight(name + part, { in.at(1) }));
    std::string out = name + "_out";
    onnx::NodeProto& node = m_impl->addNode("BatchNormalization", name, ins, { out });
    setFloat(node, "epsilon", 1e-5f);
    m_impl->shapes[out] = in;
    return out;
}

std::string GraphBuilder::relu(const std::string& x)
{
    return m_impl->simpleNode("Relu", { x }, m_impl->shapeOf(x));
}

std::string GraphBuilder::relu6(const std::string& x)
{
    if (m_impl->opset < 11) {
        onnx::NodeProto* node = nullptr;
        std::string out = m_impl->simpleNode("Clip", { x }, m_impl->shapeOf(x), &node);
        setFloat(*node, "min", 0.0f);
        setFloat(*node, "max", 6.0f);
        return out;
    }
    std::string base = m_impl->uniqueName("clip_bound");
    std::string lo = m_impl->floatConstant(base + ".min", {}, { 0.0f });
    std::string hi = m_impl->floatConstant(base + ".max", {}, { 6.0f });
    return m_impl->simpleNode("Clip", { x, lo, hi }, m_impl->shapeOf(x));
}

std::string GraphBuilder::sigmoid(const std::string& x)
{
    return m_impl->simpleNode("Sigmoid", { x }, m_impl->shapeOf(x));
}

std::string GraphBuilder::tanh(const std::string& x)
{
    return m_impl->simpleNode("Tanh", { x }, m_impl->shapeOf(x));
}

std::string GraphBuilder::hardSwish(const std::string& x)
{
    onnx::NodeProto* node = nullptr;
    std::string gate = m_impl->simpleNode("HardSigmoid", { x }, m_impl->shapeOf(x), &node);
    setFloat(*node, "alpha", 1.0f / 6.0f);
    setFloat(*node, "beta", 0.5f);
    return m_impl->simpleNode("Mul", { x, gate }, m_impl->shapeOf(x));
}

std::string GraphBuilder::add(const std::string& a, const std::string& b)
{
    return m_impl->simpleNode(
        "Add", { a, b }, broadcastShapes(m_impl->shapeOf(a), m_impl->shapeOf(b)));
}

std::string GraphBuilder::mul(const std::string& a, const std::string& b)
{
    return m_impl->simpleNode(
        "Mul", { a, b }, broadcastShapes(m_impl->shapeOf(a), m_impl->shapeOf(b)));
}

std::string GraphBuilder::concat(const std::vector<std::string>& xs, int64_t axis)
{
    std::vector<int64_t> out = m_impl->shapeOf(xs.at(0));
    size_t a = static_cast<size_t>(axis < 0 ? axis + static_cast<int64_t>(out.size()) : axis);
    out.at(a) = 0;
    for (const auto& x : xs)
        out[a] += m_impl->shapeOf(x).at(a);
    onnx::NodeProto* node = nullptr;
    std::string result = m_impl->simpleNode("Concat", xs, out, &node);
    setInt(*node, "axis", axis);
    return result;
}

std::string GraphBuilder::Impl::pool(const std::string& opType, const std::string& x,
    int64_t kernel, int64_t stride, int64_t pad, bool ceil)
{
    const auto in = shapeOf(x);
    onnx::NodeProto* node = nullptr;
    std::string out = simpleNode(opType, { x },
        { in.at(0), in.at(1), pooledSize(in.at(2), kernel, stride, pad, 1, ceil),
            pooledSize(in.at(3), kernel, stride, pad, 1, ceil) },
        &node);
    setInts(*node, "kernel_shape", { kernel, kernel });
    setInts(*node, "strides", { stride, stride });
    setInts(*node, "pads", { pad, pad, pad, pad });
    if (ceil) // only then: the graphs of floor-mode pools stay byte for byte as they were
        setInt(*node, "ceil_mode", 1);
    return out;
}

std::string GraphBuilder::maxPool(
    const std::string& x, int64_t kernel, int64_t stride, int64_t pad, bool ceil)
{
    return m_impl->pool("MaxPool", x, kernel, stride, pad, ceil);
}

std::string GraphBuilder::avgPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad)
{
    return m_impl->pool("AveragePool", x, kernel, stride, pad);
}

std::string GraphBuilder::globalAvgPool(const std::string& x)
{
    const auto in = m_impl->shapeOf(x);
    return m_impl->simpleNode("GlobalAveragePool", { x }, { in.at(0), in.at(1), 1, 1 });
}

std::string GraphBuilder::flatten(const std::string& x)
{
    const auto in = m_impl->shapeOf(x);
    int64_t rest = 1;
    for (size_t i = 1; i < in.size(); ++i)
        rest *= in[i];
    onnx::NodeProto* node = nullptr;
    std::string out = m_impl->simpleNode("Flatten", { x }, { in.at(0), rest }, &node);
    setInt(*node, "axis", 1);
    return out;
}

std::string GraphBuilder::reshape(const std::string& x, const std::vector<int64_t>& shape)
{
    std::string shapeName = m_impl->intConstant(m_impl->uniqueName("shape"), shape);
    std::vector<int64_t> out = shape;
    int64_t total = product(m_impl->shapeOf(x));
    int64_t known = 1;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i] == 0)
            out[i] = m_impl->shapeOf(x).at(i);
        if (out[i] > 0)
            known *= out[i];
    }
    for (auto& d : out)
        if (d == -1)
            d = total / known;
    return m_impl->simpleNode("Reshape", { x, shapeName }, out);
}

std::string GraphBuilder::transpose(const std::string& x, const std::vector<int64_t>& perm)
{
    const auto in = m_impl->shapeOf(x);
    std::vector<int64_t> out;
    for (int64_t p : perm)
        out.push_back(in.at(static_cast<size_t>(p)));
    onnx::NodeProto* node = nullptr;
    std::string result = m_impl->simpleNode("Transpose", { x }, out, &node);
    setInts(*node, "perm", perm);
    return result;
}

std::string GraphBuilder::gemm(const std::string& x, int64_t outFeatures, bool bias)
{
    const auto in = m_impl->shapeOf(x);
    if (in.size() != 2)
        throw std::invalid_argument("GraphBuilder::gemm: input must be [N, K]");
    std::string name = m_impl->uniqueName("fc");
    std::vector<std::string> ins = { x, m_impl->weight(name + ".weight", { outFeatures, in[1] }) };
    if (bias || m_impl->opset < 11) // Gemm before opset 11 requires C
        ins.push_back(m_impl->weight(name + ".bias", { outFeatures }));
    std::string out = name + "_out";
    onnx::NodeProto& node = m_impl->addNode("Gemm", name, ins, { out });
    setInt(node, "transB", 1);
    m_impl->shapes[out] = { in[0], outFeatures };
    return out;
}

std::string GraphBuilder::matmulWeights(const std::string& x, int64_t outFeatures)
{
    auto out = m_impl->shapeOf(x);
    std::string name = m_impl->uniqueName("matmul");
    std::string w = m_impl->weight(name + ".weight", { out.back(), outFeatures });
    out.back() = outFeatures;
    std::string y = name + "_out";
    m_impl->addNode("MatMul", name, { x, w }, { y });
    m_impl->shapes[y] = out;
    return y;
}

std::string GraphBuilder::matmul(const std::string& a, const std::string& b)
{
    const auto sa = m_impl->shapeOf(a);
    const auto sb = m_impl->shapeOf(b);
    if (sa.size() < 2 || sb.size() < 2 || sa.back() != sb[sb.size() - 2])
        throw std::invalid_argument("GraphBuilder::matmul: inner dimensions differ");
    std::vector<int64_t> batchA(sa.begin(), sa.end() - 2), batchB(sb.begin(), sb.end() - 2);
    std::vector<int64_t> out = broadcastShapes(batchA, batchB);
    out.push_back(sa[sa.size() - 2]);
    out.push_back(sb.back());
    return m_impl->simpleNode("MatMul", { a, b }, out);
}

std::string GraphBuilder::softmax(const std::string& x, int64_t axis)
{
    onnx::NodeProto* node = nullptr;
    std::string out = m_impl->simpleNode("Softmax", { x }, m_impl->shapeOf(x), &node);
    setInt(*node, "axis", axis);
    return out;
}

std::string GraphBuilder::resize(const std::string& x, double scale)
{
    const auto in = m_impl->shapeOf(x);
    std::vector<int64_t> out = in;
    std::vector<float> scales(in.size(), 1.0f);
    for (size_t i = 2; i < in.size(); ++i) {
        scales[i] = static_cast<float>(scale);
        out[i] = static_cast<int64_t>(std::floor(static_cast<double>(in[i]) * scale));
    }
    std::string base = m_impl->uniqueName("resize_scales");
    int64_t rank = static_cast<int64_t>(in.size());
    onnx::NodeProto* node = nullptr;
    std::string result;
    if (m_impl->opset < 9) {
        result = m_impl->simpleNode("Upsample", { x }, out, &node);
        setFloats(*node, "scales", scales);
    }
    else if (m_impl->opset < 10) {
        result = m_impl->simpleNode(
            "Upsample", { x, m_impl->floatConstant(base, { rank }, scales) }, out, &node);
    }
    else if (m_impl->opset < 11) {
        result = m_impl->simpleNode(
            "Resize", { x, m_impl->floatConstant(base, { rank }, scales) }, out, &node);
    }
    else {
        std::string roi = m_impl->opset < 13 ? m_impl->floatConstant(base + ".roi", { 0 }, {}) : "";
        result = m_impl->simpleNode(
            "Resize", { x, roi, m_impl->floatConstant(base, { rank }, scales) }, out, &node);
    }
    setString(*node, "mode", "nearest");
    return result;
}

std::string GraphBuilder::resizeBilinear(const std::string& x, int64_t height, int64_t width)
{
    const auto in = m_impl->shapeOf(x);
    if (in.size() != 4 || m_impl->opset < 11)
        throw std::invalid_argument("GraphBuilder: resizeBilinear needs [N, C, H, W], opset 11+");
    const std::vector<int64_t> out { in[0], in[1], height, width };
    const std::string base = m_impl->uniqueName("resize_sizes");
    const std::string roi
        = m_impl->opset < 13 ? m_impl->floatConstant(base + ".roi", { 0 }, {}) : "";
    const std::string scales
        = m_impl->opset < 13 ? m_impl->floatConstant(base + ".scales", { 0 }, {}) : "";
    onnx::NodeProto* node = nullptr;
    const std::string result = m_impl->simpleNode(
        "Resize", { x, roi, scales, m_impl->intConstant(base, out) }, out, &node);
    setString(*node, "mode", "linear");
    return result;
}

std::string GraphBuilder::argMax(const std::string& x, int64_t axis)
{
    auto out = m_impl->shapeOf(x);
    out.at(size_t(axis)) = 1;
    onnx::NodeProto* node = nullptr;
    const std::string result = m_impl->simpleNode("ArgMax", { x }, out, &node);
    setInt(*node, "axis", axis);
    m_impl->int64Tensors.insert(result);
    return result;
}

// Shared by LSTM/GRU/RNN: weights W, R, B, then Y [T, D, N, H] -> [T, N, D*H].
std::string GraphBuilder::Impl::recurrent(GraphBuilder& builder, const std::string& opType,
    const std::string& x, int64_t hidden, int64_t gates, bool bidirectional)
{
    const auto in = shapeOf(x);
    if (in.size() != 3)
        throw std::invalid_argument("GraphBuilder: recurrent input must be [T, N, I]");
    int64_t dirs = bidirectional ? 2 : 1;
    std::string name = uniqueName(opType == "LSTM" ? "lstm" : opType == "GRU" ? "gru" : "rnn");
    std::vector<std::string> ins = { x, weight(name + ".W", { dirs, gates * hidden, in[2] }),
        weight(name + ".R", { dirs, gates * hidden, hidden }),
        weight(name + ".B", { dirs, 2 * gates * hidden }) };
    std::string y = name + "_Y";
    onnx::NodeProto& node = addNode(opType, name, ins, { y });
    setInt(node, "hidden_size", hidden);
    if (bidirectional)
        setString(node, "direction", "bidirectional");
    shapes[y] = { in[0], dirs, in[1], hidden };
    std::string t = builder.transpose(y, { 0, 2, 1, 3 });
    return builder.reshape(t, { in[0], in[1], dirs * hidden });
}

std::string GraphBuilder::lstm(const std::string& x, int64_t hidden, bool bidirectional)
{
    return m_impl->recurrent(*this, "LSTM", x, hidden, 4, bidirectional);
}

std::string GraphBuilder::gru(const std::string& x, int64_t hidden, bool bidirectional)
{
    return m_impl->recurrent(*this, "GRU", x, hidden, 3, bidirectional);
}

std::string GraphBuilder::rnn(const std::string& x, int64_t hidden)
{
    return m_impl->recurrent(*this, "RNN", x, hidden, 1, false);
}

std::string GraphBuilder::custom(const std::string& opType, const std::vector<std::string>& inputs,
    const std::vector<int64_t>& outShape, const std::string& domain)
{
    for (const auto& in : inputs)
        m_impl->shapeOf(in);
    onnx::NodeProto* node = nullptr;
    std::string out = m_impl->simpleNode(opType, inputs, outShape, &node);
    node->set_domain(domain);
    m_impl->customOutputs.push_back(out);
    if (!domain.empty()
        && std::find(m_impl->customDomains.begin(), m_impl->customDomains.end(), domain)
            == m_impl->customDomains.end())
        m_impl->customDomains.push_back(domain);
    return out;
}

namespace {

void addWeight(onnx::GraphProto& graph, const Weight& w, WeightStorage storage,
    const std::string& modelName, int64_t& externalOffset, uint32_t seed)
{
    if (storage == WeightStorage::GraphInputs) {
        setShape(*graph.add_input(), w.name, w.dims);
        return;
    }
    onnx::TensorProto& t = *graph.add_initializer();
    t.set_name(w.name);
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : w.dims)
        t.add_dims(d);
    int64_t bytes = product(w.dims) * static_cast<int64_t>(sizeof(float));
    if (storage == WeightStorage::Values) {
        fillPseudoRandom(*t.mutable_raw_data(), product(w.dims), seed);
        return;
    }
    t.set_data_location(onnx::TensorProto::EXTERNAL);
    auto addEntry = [&t](const std::string& key, const std::string& value) {
        auto* entry = t.add_external_data();
        entry->set_key(key);
        entry->set_value(value);
    };
    addEntry("location", externalFileName(modelName));
    addEntry("offset", std::to_string(externalOffset));
    addEntry("length", std::to_string(bytes));
    externalOffset += (bytes + 4095) / 4096 * 4096; // page-aligned, as onnx's save helper does
}

void addConstant(onnx::GraphProto& graph, const Constant& c)
{
    onnx::TensorProto& t = *graph.add_initializer();
    t.set_name(c.name);
    for (int64_t d : c.dims)
        t.add_dims(d);
    if (c.isFloat) {
        t.set_data_type(onnx::TensorProto::FLOAT);
        for (float v : c.floats)
            t.add_float_data(v);
    }
    else {
        t.set_data_type(onnx::TensorProto::INT64);
        for (int64_t v : c.ints)
            t.add_int64_data(v);
    }
}

} // namespace

onnx::ModelProto GraphBuilder::build(WeightStorage storage) const
{
    const Impl& impl = *m_impl;
    onnx::ModelProto model;
    model.set_ir_version(impl.opset >= 9 ? 7 : 3);
    model.set_producer_name("mensa-graph-builder");
    model.set_producer_version(MENSA_VERSION);
    auto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(impl.opset);
    for (const auto& domain : impl.customDomains) {
        auto* custom = model.add_opset_import();
        custom->set_domain(domain);
        custom->set_version(1);
    }
    onnx::GraphProto& graph = *model.mutable_graph();
    graph.set_name(impl.modelName);
    for (const auto& [name, dims] : impl.inputs)
        setShape(*graph.add_input(), name, dims);
    int64_t offset = 0;
    uint32_t seed = 1;
    for (const auto& w : impl.weights)
        addWeight(graph, w, storage, impl.modelName, offset, seed++);
    for (const auto& c : impl.constants) {
        addConstant(graph, c);
        if (impl.opset < 9) // IR version 3: every initializer is also a graph input
            setShape(*graph.add_input(), c.name, c.dims,
                c.isFloat ? onnx::TensorProto::FLOAT : onnx::TensorProto::INT64);
    }
    if (impl.opset < 9 && storage != WeightStorage::GraphInputs)
        for (const auto& w : impl.weights)
            setShape(*graph.add_input(), w.name, w.dims);
    for (const auto& node : impl.nodes)
        *graph.add_node() = node;
    for (const auto& out : impl.outputs)
        setShape(*graph.add_output(), out, impl.shapeOf(out),
            impl.int64Tensors.count(out) ? onnx::TensorProto::INT64 : onnx::TensorProto::FLOAT);
    for (const auto& out : impl.customOutputs)
        setShape(*graph.add_value_info(), out, impl.shapeOf(out));
    return model;
}

std::string GraphBuilder::serialize(WeightStorage storage) const
{
    std::string bytes;
    if (!build(storage).SerializeToString(&bytes))
        throw MensaError(m_impl->modelName, "cannot serialise the model (larger than 2 GB?)");
    return bytes;
}

} // namespace mensa
