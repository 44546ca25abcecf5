#include "onnx/CommonShapes.h"

#include "onnx/StaticShape.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <unordered_set>

namespace mensa {
namespace {

using Shape = CommonShapes::Shape;
using Dims = std::vector<int64_t>;

const onnx::AttributeProto* attr(const onnx::NodeProto& node, const char* name)
{
    for (const auto& a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

int64_t intAttr(const onnx::NodeProto& node, const char* name, int64_t fallback)
{
    const auto* a = attr(node, name);
    return a ? a->i() : fallback;
}

// An ints attribute of `rank` values, `fallback` repeated when absent; nullopt when malformed.
std::optional<Dims> ints(
    const onnx::NodeProto& node, const char* name, size_t rank, int64_t fallback)
{
    const auto* a = attr(node, name);
    if (!a)
        return Dims(rank, fallback);
    if (size_t(a->ints_size()) != rank)
        return std::nullopt;
    return Dims(a->ints().begin(), a->ints().end());
}

bool isUnary(const std::string& op)
{
    static const std::unordered_set<std::string> ops { "Relu", "Sigmoid", "Tanh", "Clip",
        "LeakyRelu", "HardSigmoid", "HardSwish", "Softmax", "LogSoftmax", "Identity", "Erf", "Exp",
        "Neg", "Abs", "Sqrt", "Elu", "Selu", "Softplus", "PRelu", "Cast" };
    return ops.count(op) > 0;
}

bool isBroadcast(const std::string& op)
{
    return op == "Add" || op == "Sub" || op == "Mul" || op == "Div";
}

// Multidirectional (numpy) broadcasting of two shapes.
std::optional<Dims> broadcast(const Dims& a, const Dims& b)
{
    Dims out(std::max(a.size(), b.size()));
    for (size_t i = 0; i < out.size(); ++i) {
        const int64_t x = i < a.size() ? a[a.size() - 1 - i] : 1;
        const int64_t y = i < b.size() ? b[b.size() - 1 - i] : 1;
        if (x != y && x != 1 && y != 1)
            return std::nullopt;
        out[out.size() - 1 - i] = x == 1 ? y : x;
    }
    return out;
}

// Output spatial sizes of a convolution or pooling window; ceil_mode 1 keeps a last partial
// window (explicit pads only, as ONNX defines it).
std::optional<Dims> windowed(
    const onnx::NodeProto& node, const Dims& in, const Dims& kernel, bool dilated)
{
    const size_t n = kernel.size();
    const auto strides = ints(node, "strides", n, 1);
    const auto dilations = dilated ? ints(node, "dilations", n, 1) : Dims(n, 1);
    const auto pads = ints(node, "pads", 2 * n, 0);
    const auto* autoPad = attr(node, "auto_pad");
    const std::string mode = autoPad ? autoPad->s() : "NOTSET";
    const bool ceil = intAttr(node, "ceil_mode", 0) != 0;
    if (!strides || !dilations || !pads || (ceil && mode != "NOTSET" && !mode.empty()))
        return std::nullopt;
    Dims out(n);
    for (size_t i = 0; i < n; ++i) {
        const int64_t s = (*strides)[i], extent = (*dilations)[i] * (kernel[i] - 1) + 1;
        if (s < 1 || (*dilations)[i] < 1 || kernel[i] < 1)
            return std::nullopt;
        if (mode == "SAME_UPPER" || mode == "SAME_LOWER")
            out[i] = (in[i] + s - 1) / s;
        else if (mode == "VALID")
            out[i] = (in[i] - extent) / s + 1;
        else if (mode == "NOTSET" || mode.empty()) {
            const int64_t span = in[i] + (*pads)[i] + (*pads)[i + n] - extent;
            if (span < 0) // a window larger than the padded input: ONNX's to judge
                return std::nullopt;
            out[i] = (ceil && span > 0 ? span + s - 1 : span) / s + 1;
        }
        else
            return std::nullopt;
        if (out[i] < 1 || (mode == "VALID" && in[i] < extent))
            return std::nullopt;
    }
    return out;
}

std::optional<Shape> conv(const onnx::NodeProto& node, const Shape& x, const Shape& w)
{
    const size_t rank = x.dims.size();
    const int64_t group = intAttr(node, "group", 1);
    if (rank < 3 || w.dims.size() != rank || group < 1 || x.dims[1] != w.dims[1] * group
        || w.dims[0] % group != 0)
        return std::nullopt;
    const Dims kernel(w.dims.begin() + 2, w.dims.end());
    if (const auto* k = attr(node, "kernel_shape");
        k && Dims(k->ints().begin(), k->ints().end()) != kernel)
        return std::nullopt;
    const auto spatial = windowed(node, Dims(x.dims.begin() + 2, x.dims.end()), kernel, true);
    if (!spatial)
        return std::nullopt;
    Shape out { x.elemType, { x.dims[0], w.dims[0] } };
    out.dims.insert(out.dims.end(), spatial->begin(), spatial->end());
    return out;
}

std::optional<Shape> pool(const onnx::NodeProto& node, const Shape& x)
{
    const auto* k = attr(node, "kernel_shape");
    // AveragePool's dilations (opset 19) are left to ONNX.
    if (!k || x.dims.size() < 3 || size_t(k->ints_size()) != x.dims.size() - 2
        || (node.op_type() == "AveragePool" && attr(node, "dilations")))
        return std::nullopt;
    const auto spatial = windowed(node, Dims(x.dims.begin() + 2, x.dims.end()),
        Dims(k->ints().begin(), k->ints().end()), node.op_type() == "MaxPool");
    if (!spatial)
        return std::nullopt;
    Shape out { x.elemType, { x.dims[0], x.dims[1] } };
    out.dims.insert(out.dims.end(), spatial->begin(), spatial->end());
    return out;
}

std::optional<Shape> gemm(const onnx::NodeProto& node, const Shape& a, const Shape& b)
{
    if (a.dims.size() != 2 || b.dims.size() != 2)
        return std::nullopt;
    const bool ta = intAttr(node, "transA", 0) != 0, tb = intAttr(node, "transB", 0) != 0;
    const int64_t m = ta ? a.dims[1] : a.dims[0], k = ta ? a.dims[0] : a.dims[1];
    const int64_t k2 = tb ? b.dims[1] : b.dims[0], n = tb ? b.dims[0] : b.dims[1];
    if (k != k2)
        return std::nullopt;
    return Shape { a.elemType, { m, n } };
}

std::optional<Shape> matMul(const Shape& a, const Shape& b)
{
    if (a.dims.size() < 2 || b.dims.size() < 2 || a.dims.back() != b.dims[b.dims.size() - 2])
        return std::nullopt;
    const auto batch
        = broadcast(Dims(a.dims.begin(), a.dims.end() - 2), Dims(b.dims.begin(), b.dims.end() - 2));
    if (!batch)
        return std::nullopt;
    Shape out { a.elemType, *batch };
    out.dims.push_back(a.dims[a.dims.size() - 2]);
    out.dims.push_back(b.dims.back());
    return out;
}

std::optional<Shape> flatten(const onnx::NodeProto& node, const Shape& x)
{
    const int64_t rank = int64_t(x.dims.size());
    int64_t axis = intAttr(node, "axis", 1);
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 0 || axis > rank)
        return std::nullopt;
    const auto product = [&](int64_t from, int64_t to) {
        return std::accumulate(
            x.dims.begin() + from, x.dims.begin() + to, int64_t(1), std::multiplies<>());
    };
    return Shape { x.elemType, { product(0, axis), product(axis, rank) } };
}

std::optional<Shape> transpose(const onnx::NodeProto& node, const Shape& x)
{
    const size_t rank = x.dims.size();
    Dims perm(rank);
    for (size_t i = 0; i < rank; ++i)
        perm[i] = int64_t(rank - 1 - i);
    if (const auto* p = attr(node, "perm"))
        perm.assign(p->ints().begin(), p->ints().end());
    Dims sorted = perm;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size(); ++i)
        if (sorted.size() != rank || sorted[i] != int64_t(i))
            return std::nullopt;
    Shape out { x.elemType, Dims(rank) };
    for (size_t i = 0; i < rank; ++i)
        out.dims[i] = x.dims[size_t(perm[i])];
    return out;
}

bool readInt64s(const onnx::TensorProto& t, Dims& out)
{
    if (t.data_type() != onnx::TensorProto::INT64 || t.dims_size() != 1
        || t.data_location() == onnx::TensorProto::EXTERNAL)
        return false;
    if (t.raw_data().empty()) {
        out.assign(t.int64_data().begin(), t.int64_data().end());
    }
    else {
        if (t.raw_data().size() % 8)
            return false;
        out.resize(t.raw_data().size() / 8);
        std::memcpy(out.data(), t.raw_data().data(), t.raw_data().size());
    }
    return int64_t(out.size()) == t.dims(0);
}

std::optional<Shape> reshape(
    const onnx::NodeProto& node, const Shape& x, const onnx::TensorProto* target)
{
    Dims shape;
    if (!target || !readInt64s(*target, shape) || intAttr(node, "allowzero", 0) != 0)
        return std::nullopt;
    const int64_t total
        = std::accumulate(x.dims.begin(), x.dims.end(), int64_t(1), std::multiplies<>());
    int64_t known = 1, inferred = -1;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0 && i < x.dims.size())
            shape[i] = x.dims[i];
        if (shape[i] == -1 && inferred < 0)
            inferred = int64_t(i);
        else if (shape[i] < 1)
            return std::nullopt;
        else
            known *= shape[i];
    }
    if (inferred >= 0)
        shape[size_t(inferred)] = known > 0 && total % known == 0 ? total / known : -1;
    const int64_t product
        = std::accumulate(shape.begin(), shape.end(), int64_t(1), std::multiplies<>());
    if (product != total || (inferred >= 0 && shape[size_t(inferred)] < 1))
        return std::nullopt;
    return Shape { x.elemType, shape };
}

std::optional<Shape> concat(const onnx::NodeProto& node, const std::vector<const Shape*>& in)
{
    const int64_t rank = int64_t(in.front()->dims.size());
    int64_t axis = intAttr(node, "axis", 1);
    axis = axis < 0 ? axis + rank : axis;
    if (axis < 0 || axis >= rank || !attr(node, "axis"))
        return std::nullopt;
    Shape out = *in.front();
    out.dims[size_t(axis)] = 0;
    for (const Shape* s : in) {
        if (int64_t(s->dims.size()) != rank || s->elemType != out.elemType)
            return std::nullopt;
        for (int64_t d = 0; d < rank; ++d)
            if (d != axis && s->dims[size_t(d)] != out.dims[size_t(d)])
                return std::nullopt;
        out.dims[size_t(axis)] += s->dims[size_t(axis)];
    }
    return out;
}

bool staticShape(const onnx::TypeProto& type, Shape& out)
{
    out.elemType = type.tensor_type().elem_type();
    return staticDims(type, out.dims);
}

void setType(onnx::ValueInfoProto& info, const Shape& shape)
{
    auto* tensor = info.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(shape.elemType);
    auto* dims = tensor->mutable_shape();
    dims->clear_dim();
    for (int64_t d : shape.dims)
        dims->add_dim()->set_dim_value(d);
}

} // namespace

CommonShapes::CommonShapes(const onnx::GraphProto& graph)
    : m_graph(graph)
{
}

bool CommonShapes::infer(onnx::ModelProto& model)
{
    CommonShapes shapes(model.graph());
    return shapes.run() && shapes.write(*model.mutable_graph());
}

bool CommonShapes::run()
{
    for (const auto& init : m_graph.initializer()) {
        m_shapes[init.name()] = { init.data_type(), Dims(init.dims().begin(), init.dims().end()) };
        m_constants[init.name()] = &init;
    }
    for (const auto& in : m_graph.input()) {
        Shape s;
        if (!m_shapes.count(in.name()) && !staticShape(in.type(), s))
            return false;
        if (!m_shapes.count(in.name()))
            m_shapes[in.name()] = s;
    }
    for (const auto& node : m_graph.node())
        if (!inferNode(node))
            return false;
    return true;
}

const CommonShapes::Shape* CommonShapes::input(const onnx::NodeProto& node, int index) const
{
    if (index >= node.input_size() || node.input(index).empty())
        return nullptr;
    auto it = m_shapes.find(node.input(index));
    return it == m_shapes.end() ? nullptr : &it->second;
}

bool CommonShapes::inferNode(const onnx::NodeProto& node)
{
    if (!(node.domain().empty() || node.domain() == "ai.onnx") || node.output_size() < 1)
        return false;
    for (const auto& a : node.attribute())
        if (a.has_g() || a.graphs_size() > 0)
            return false;
    if (node.op_type() == "Constant") {
        const auto* value = attr(node, "value");
        if (!value || !value->has_t() || node.output_size() != 1)
            return false;
        m_shapes[node.output(0)]
            = { value->t().data_type(), Dims(value->t().dims().begin(), value->t().dims().end()) };
        m_constants[node.output(0)] = &value->t();
        return true;
    }
    // Every listed operator has one output here (Dropout's mask, BatchNormalization's training
    // outputs and MaxPool's indices are left to ONNX).
    for (int i = 1; i < node.output_size(); ++i)
        if (!node.output(i).empty())
            return false;
    const auto out = output(node);
    if (!out || out->elemType == 0)
        return false;
    for (int64_t d : out->dims)
        if (d < 0)
            return false;
    m_shapes[node.output(0)] = *out;
    return true;
}

std::optional<CommonShapes::Shape> CommonShapes::output(const onnx::NodeProto& node) const
{
    const std::string& op = node.op_type();
    const Shape* x = input(node, 0);
    if (!x)
        return std::nullopt;
    if (op == "Cast")
        return Shape { int32_t(intAttr(node, "to", 0)), x->dims };
    if (isUnary(op) || op == "Dropout" || op == "BatchNormalization")
        return *x;
    const Shape* y = input(node, 1);
    if (isBroadcast(op) && y && node.input_size() == 2 && x->elemType == y->elemType) {
        const auto dims = broadcast(x->dims, y->dims);
        return dims ? std::optional<Shape>(Shape { x->elemType, *dims }) : std::nullopt;
    }
    if (op == "Conv" && y)
        return conv(node, *x, *y);
    if (op == "MaxPool" || op == "AveragePool")
        return pool(node, *x);
    if ((op == "GlobalAveragePool" || op == "GlobalMaxPool") && x->dims.size() >= 3) {
        Shape out = *x;
        std::fill(out.dims.begin() + 2, out.dims.end(), 1);
        return out;
    }
    if (op == "Gemm" && y)
        return gemm(node, *x, *y);
    if (op == "MatMul" && y && node.input_size() == 2)
        return matMul(*x, *y);
    if (op == "Flatten")
        return flatten(node, *x);
    if (op == "Transpose")
        return transpose(node, *x);
    if (op == "Reshape" && node.input_size() == 2) {
        auto it = m_constants.find(node.input(1));
        return reshape(node, *x, it == m_constants.end() ? nullptr : it->second);
    }
    if (op == "Concat") {
        std::vector<const Shape*> in;
        for (int i = 0; i < node.input_size(); ++i)
            if (const Shape* s = input(node, i))
                in.push_back(s);
        return int(in.size()) == node.input_size() ? concat(node, in) : std::nullopt;
    }
    return std::nullopt;
}

// value_info for every node output that is no graph output; a shape the file already declares
// (value_info or graph output) must agree, or ONNX's inference decides instead.
bool CommonShapes::write(onnx::GraphProto& graph) const
{
    std::unordered_set<std::string> declared;
    for (const auto* list : { &graph.value_info(), &graph.output() })
        for (const auto& info : *list) {
            auto it = m_shapes.find(info.name());
            Shape given;
            if (it == m_shapes.end())
                continue;
            if (!info.type().has_tensor_type())
                return false;
            if (staticShape(info.type(), given)
                && (given.dims != it->second.dims || given.elemType != it->second.elemType))
                return false;
            declared.insert(info.name());
        }
    for (auto& info : *graph.mutable_output())
        if (m_shapes.count(info.name()))
            setType(info, m_shapes.at(info.name()));
    for (auto& info : *graph.mutable_value_info())
        if (m_shapes.count(info.name()))
            setType(info, m_shapes.at(info.name()));
    for (const auto& node : graph.node())
        for (const auto& name : node.output())
            if (!name.empty() && !declared.count(name)) {
                auto* info = graph.add_value_info();
                info->set_name(name);
                setType(*info, m_shapes.at(name));
            }
    return true;
}

} // namespace mensa
