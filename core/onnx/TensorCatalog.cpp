#include "onnx/TensorCatalog.h"

#include "onnx/ShapeDiagnosis.h"
#include "util/Error.h"

namespace mensa {

ElementType elementTypeOf(int onnxType)
{
    switch (onnxType) {
    case onnx::TensorProto::FLOAT:
        return ElementType::Float32;
    case onnx::TensorProto::FLOAT16:
        return ElementType::Float16;
    case onnx::TensorProto::INT8:
        return ElementType::Int8;
    case onnx::TensorProto::UINT8:
        return ElementType::Uint8;
    case onnx::TensorProto::INT32:
        return ElementType::Int32;
    case onnx::TensorProto::INT64:
        return ElementType::Int64;
    case onnx::TensorProto::BOOL:
        return ElementType::Bool;
    case onnx::TensorProto::DOUBLE:
        return ElementType::Double;
    default:
        return ElementType::Other;
    }
}

TensorCatalog::TensorCatalog(const onnx::GraphProto& graph)
{
    for (const auto& info : graph.input())
        addValueInfo(info);
    for (const auto& info : graph.value_info())
        addValueInfo(info);
    for (const auto& info : graph.output())
        addValueInfo(info);
    for (const auto& init : graph.initializer())
        addTensor(init, init.name());
    for (const auto& node : graph.node())
        if (node.op_type() == "Constant" && node.domain().empty())
            addConstantNode(node);
}

void TensorCatalog::addValueInfo(const onnx::ValueInfoProto& info)
{
    if (!info.type().has_tensor_type())
        return;
    const auto& tensorType = info.type().tensor_type();
    TensorInfo t { info.name(), {}, elementTypeOf(tensorType.elem_type()), false };
    if (!tensorType.has_shape()) {
        if (!m_tensors.count(info.name()))
            m_unknownRank.insert(info.name());
        return;
    }
    for (const auto& dim : tensorType.shape().dim())
        t.shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0 ? dim.dim_value() : -1);
    m_unknownRank.erase(info.name());
    m_tensors[info.name()] = std::move(t);
}

void TensorCatalog::addTensor(const onnx::TensorProto& tensor, const std::string& name)
{
    TensorInfo t { name, { tensor.dims().begin(), tensor.dims().end() },
        elementTypeOf(tensor.data_type()), true };
    for (int64_t d : t.shape)
        if (d < 0)
            throw MensaError("", "constant tensor '" + name + "' has a negative dimension");
    m_unknownRank.erase(name);
    m_tensors[name] = std::move(t);
    m_constants.insert(name);
}

void TensorCatalog::addConstantNode(const onnx::NodeProto& node)
{
    if (node.output_size() < 1)
        return;
    const std::string& name = node.output(0);
    for (const auto& attr : node.attribute()) {
        if (attr.name() == "value" && attr.has_t())
            return addTensor(attr.t(), name);
    }
    // value_float / value_ints / ...: rely on shape inference for the shape.
    m_constants.insert(name);
    if (auto it = m_tensors.find(name); it != m_tensors.end())
        it->second.isParameter = true;
}

void TensorCatalog::markConstant(const std::string& name)
{
    m_constants.insert(name);
    if (auto it = m_tensors.find(name); it != m_tensors.end())
        it->second.isParameter = true;
}

void TensorCatalog::addMissing(const TensorCatalog& other)
{
    for (const auto& [name, info] : other.m_tensors)
        if (m_tensors.emplace(name, info).second) {
            m_unknownRank.erase(name);
            if (other.isConstant(name))
                m_constants.insert(name);
        }
    for (const auto& name : other.m_constants) // constants known by name only (value_float...)
        if (!m_tensors.count(name))
            m_constants.insert(name);
}

const TensorInfo* TensorCatalog::find(const std::string& name) const
{
    auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &it->second;
}

const TensorInfo& TensorCatalog::resolved(const std::string& name) const
{
    const TensorInfo* t = find(name);
    if (!t)
        throw UnresolvedShapeError(
            name, "the shape of tensor '" + name + "' could not be inferred");
    for (int64_t d : t->shape)
        if (d < 0)
            throw UnresolvedShapeError(name,
                "tensor '" + name + "' has a dimension that shape inference could not resolve");
    t->elementCount(); // overflow check
    return *t;
}

} // namespace mensa
