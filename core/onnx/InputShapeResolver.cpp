#include "onnx/InputShapeResolver.h"

#include "util/Error.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace mensa {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// A dimension that exporters use for the batch: named like one, or an anonymous/unknown
// leading dimension (PyTorch "batch_size", TF "N"/"unk__12", "None", "?", or just -1/0), or
// any symbolic leading dimension of an input of rank 2 or more (Paddle2ONNX
// "p2o.DynamicDimension.0"): tensors are batch-first.
bool isBatchLike(int index, int rank, const onnx::TensorShapeProto_Dimension& dim)
{
    std::string name = lower(dim.dim_param());
    if (name.find("batch") != std::string::npos)
        return true;
    if (index != 0)
        return false;
    if (rank >= 2)
        return true;
    static const std::set<std::string> kLeading
        = { "", "n", "b", "bs", "none", "?", "dynamic", "-1" };
    return kLeading.count(name) > 0 || name.rfind("unk__", 0) == 0;
}

bool isStatic(const onnx::TensorShapeProto_Dimension& dim)
{
    return dim.has_dim_value() && dim.dim_value() > 0;
}

std::string describe(const onnx::TensorShapeProto_Dimension& dim)
{
    if (!dim.dim_param().empty())
        return "'" + dim.dim_param() + "'";
    return dim.has_dim_value() ? std::to_string(dim.dim_value()) : "unknown";
}

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string text;
    for (int64_t d : shape)
        text += (text.empty() ? "" : "x") + std::to_string(d);
    return text;
}

// An override may only choose the dimensions the model leaves open (PP-OCR's recogniser fixes
// the height at 48; another height would be costed on a graph the model cannot run).
void checkFixedDims(const std::string& input, const onnx::TensorShapeProto& declared,
    const std::vector<int64_t>& given)
{
    for (int i = 0; i < declared.dim_size(); ++i)
        if (isStatic(declared.dim(i)) && declared.dim(i).dim_value() != given[i])
            throw MensaError("",
                "input '" + input + "' fixes dimension " + std::to_string(i) + " at "
                    + std::to_string(declared.dim(i).dim_value()) + ", but the given shape "
                    + shapeText(given) + " has " + std::to_string(given[i]) + " there");
}

// A sequence, optional or map input has no tensor shape to give: say what it is instead.
void checkTensorInput(const onnx::ValueInfoProto& input)
{
    const auto& type = input.type();
    const char* kind = type.has_sequence_type() ? "a sequence"
        : type.has_optional_type()              ? "an optional"
        : type.has_map_type()                   ? "a map"
        : type.has_sparse_tensor_type()         ? "a sparse tensor"
                                                : nullptr;
    if (kind)
        throw MensaError("",
            "input '" + input.name() + "' is " + kind
                + ", not a tensor; Mensa Studio models graphs whose inputs are tensors");
}

} // namespace

InputShapeResolver::InputShapeResolver(const std::map<std::string, std::vector<int64_t>>& overrides)
    : m_overrides(overrides)
{
}

void InputShapeResolver::apply(onnx::GraphProto& graph)
{
    std::set<std::string> initializers;
    for (const auto& init : graph.initializer())
        initializers.insert(init.name());
    std::set<std::string> known;
    for (auto& input : *graph.mutable_input()) {
        if (initializers.count(input.name()))
            continue;
        known.insert(input.name());
        checkTensorInput(input);
        auto it = m_overrides.find(input.name());
        if (it != m_overrides.end())
            applyOverride(input, it->second);
        else
            resolveDynamic(input);
        checkSize(input);
    }
    for (const auto& [name, shape] : m_overrides)
        if (!known.count(name))
            throw MensaError(
                "", "input shape given for '" + name + "', which is not a graph input");
}

void InputShapeResolver::applyOverride(
    onnx::ValueInfoProto& input, const std::vector<int64_t>& shape)
{
    auto* tensorType = input.mutable_type()->mutable_tensor_type();
    if (tensorType->has_shape() && tensorType->shape().dim_size() != static_cast<int>(shape.size()))
        throw MensaError("",
            "input '" + input.name() + "' has rank "
                + std::to_string(tensorType->shape().dim_size()) + " but the given shape has "
                + std::to_string(shape.size()) + " dimensions");
    if (tensorType->has_shape())
        checkFixedDims(input.name(), tensorType->shape(), shape);
    if (tensorType->elem_type() == 0)
        tensorType->set_elem_type(onnx::TensorProto::FLOAT);
    auto* dims = tensorType->mutable_shape();
    dims->clear_dim();
    for (int64_t d : shape)
        dims->add_dim()->set_dim_value(d);
}

void InputShapeResolver::resolveDynamic(onnx::ValueInfoProto& input)
{
    const auto& type = input.type();
    if (!type.has_tensor_type() || !type.tensor_type().has_shape())
        throw MensaError("",
            "input '" + input.name() + "' has no shape; give one (e.g. " + input.name()
                + "=1x3x224x224)");
    auto* shape = input.mutable_type()->mutable_tensor_type()->mutable_shape();
    bool defaulted = false;
    for (int i = 0; i < shape->dim_size(); ++i) {
        auto* dim = shape->mutable_dim(i);
        if (isStatic(*dim))
            continue;
        if (dim->has_dim_value() && dim->dim_value() != -1 && !(i == 0 && dim->dim_value() == 0))
            throw MensaError("",
                "dimension " + std::to_string(i) + " of input '" + input.name() + "' is "
                    + std::to_string(dim->dim_value()) + "; give its shape (e.g. " + input.name()
                    + "=1x...)");
        if (!isBatchLike(i, shape->dim_size(), *dim))
            throw MensaError("",
                "input '" + input.name() + "' has an unresolved dimension " + describe(*dim)
                    + " (dim " + std::to_string(i) + "); give its shape (e.g. " + input.name()
                    + "=1x...)");
        dim->clear_dim_param();
        dim->set_dim_value(1);
        defaulted = true;
    }
    if (defaulted)
        m_defaultedInputs.push_back(input.name());
}

void InputShapeResolver::checkSize(const onnx::ValueInfoProto& input)
{
    int64_t count = 1;
    for (const auto& dim : input.type().tensor_type().shape().dim())
        if (__builtin_mul_overflow(count, dim.dim_value(), &count))
            throw MensaError(
                "", "input '" + input.name() + "' is absurdly large (element count overflows)");
}

// One input as declared: a symbolic or unknown dimension is suggested as 1 when it is the
// batch, else left to the user (0).
static DeclaredInput describeInput(const onnx::ValueInfoProto& input)
{
    DeclaredInput d { input.name(), {}, {}, false };
    const auto& type = input.type();
    if (!type.has_tensor_type() || !type.tensor_type().has_shape()) {
        d.declared = "no shape";
        d.needsShape = true;
        return d;
    }
    const auto& shape = type.tensor_type().shape();
    for (int i = 0; i < shape.dim_size(); ++i) {
        const auto& dim = shape.dim(i);
        d.declared
            += (i ? "x" : "") + (isStatic(dim) ? std::to_string(dim.dim_value()) : describe(dim));
        const bool batch = !isStatic(dim) && isBatchLike(i, shape.dim_size(), dim);
        d.suggested.push_back(isStatic(dim) ? dim.dim_value() : batch ? 1 : 0);
        d.needsShape = d.needsShape || (!isStatic(dim) && !batch);
    }
    return d;
}

std::vector<DeclaredInput> InputShapeResolver::describeInputs(const onnx::GraphProto& graph)
{
    std::set<std::string> initializers;
    for (const auto& init : graph.initializer())
        initializers.insert(init.name());
    std::vector<DeclaredInput> out;
    for (const auto& input : graph.input())
        if (!initializers.count(input.name()))
            out.push_back(describeInput(input));
    return out;
}

std::string InputShapeResolver::warning() const
{
    if (m_defaultedInputs.empty())
        return {};
    std::string list;
    for (const auto& name : m_defaultedInputs)
        list += (list.empty() ? "'" : ", '") + name + "'";
    return "dynamic batch dimension of input " + list
        + " set to 1 (give an input shape to choose another)";
}

} // namespace mensa
