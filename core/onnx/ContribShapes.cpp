#include "onnx/ContribShapes.h"

#include "onnx/StaticShape.h"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <vector>

namespace mensa {
namespace {

using Dims = std::vector<int64_t>;

struct Known {
    Dims dims;
    int elemType = 0;
};

class ShapeTable {
public:
    explicit ShapeTable(const onnx::GraphProto& graph)
    {
        for (const auto* list : { &graph.input(), &graph.value_info(), &graph.output() })
            for (const auto& info : *list)
                add(info);
        for (const auto& init : graph.initializer())
            m_known[init.name()] = { { init.dims().begin(), init.dims().end() }, init.data_type() };
    }

    const Known* find(const onnx::NodeProto& node, int index) const
    {
        if (index >= node.input_size() || node.input(index).empty())
            return nullptr;
        auto it = m_known.find(node.input(index));
        return it == m_known.end() ? nullptr : &it->second;
    }
    bool has(const std::string& name) const { return m_known.count(name) > 0; }

private:
    void add(const onnx::ValueInfoProto& info)
    {
        Known k { {}, info.type().tensor_type().elem_type() };
        if (staticDims(info.type(), k.dims))
            m_known[info.name()] = std::move(k);
    }

    std::unordered_map<std::string, Known> m_known;
};

int64_t intAttr(const onnx::NodeProto& node, const std::string& name, int64_t fallback)
{
    for (const auto& a : node.attribute())
        if (a.name() == name && a.type() == onnx::AttributeProto::INT)
            return a.i();
    return fallback;
}

Dims intsAttr(const onnx::NodeProto& node, const std::string& name)
{
    for (const auto& a : node.attribute())
        if (a.name() == name)
            return { a.ints().begin(), a.ints().end() };
    return {};
}

// numpy matmul with optional transposes of the last two dims of each operand.
std::optional<Dims> matmulShape(Dims a, Dims b, bool transA, bool transB)
{
    if (a.size() < 2 || b.size() < 2)
        return std::nullopt;
    if (transA)
        std::swap(a[a.size() - 1], a[a.size() - 2]);
    if (transB)
        std::swap(b[b.size() - 1], b[b.size() - 2]);
    if (a.back() != b[b.size() - 2])
        return std::nullopt;
    size_t rank = std::max(a.size(), b.size());
    Dims out(rank);
    for (size_t i = 0; i + 2 < rank; ++i) {
        size_t fromEnd = rank - i;
        int64_t x = a.size() >= fromEnd ? a[a.size() - fromEnd] : 1;
        int64_t y = b.size() >= fromEnd ? b[b.size() - fromEnd] : 1;
        if (x != y && x != 1 && y != 1)
            return std::nullopt;
        out[i] = std::max(x, y);
    }
    out[rank - 2] = a[a.size() - 2];
    out[rank - 1] = b.back();
    return out;
}

// Main output of a contrib node, from its input shapes.
std::optional<Known> outputOf(const onnx::NodeProto& node, const ShapeTable& table)
{
    const std::string& op = node.op_type();
    const Known* x = table.find(node, 0);
    if (!x)
        return std::nullopt;
    if (op == "SkipLayerNormalization" || op == "SkipSimplifiedLayerNormalization" || op == "Gelu"
        || op == "FastGelu" || op == "BiasGelu" || op == "QuickGelu" || op == "LayerNormalization"
        || op == "SimplifiedLayerNormalization")
        return *x;
    if (op == "EmbedLayerNormalization") { // ids [B, S], word table [V, H] -> [B, S, H]
        const Known* words = table.find(node, 2);
        const Known* gamma = table.find(node, 5);
        if (!words || !gamma || x->dims.size() != 2 || words->dims.size() != 2)
            return std::nullopt;
        return Known { { x->dims[0], x->dims[1], words->dims[1] }, gamma->elemType };
    }
    if (op == "Attention") { // X [B, S, H_in] x W [H_in, q+k+v] -> [B, S, v]
        const Known* w = table.find(node, 1);
        Dims sizes = intsAttr(node, "qkv_hidden_sizes");
        if (!w || x->dims.size() != 3 || w->dims.size() != 2
            || (sizes.size() != 3 && w->dims[1] % 3 != 0))
            return std::nullopt;
        int64_t v = sizes.size() == 3 ? sizes[2] : w->dims[1] / 3;
        return Known { { x->dims[0], x->dims[1], v }, x->elemType };
    }
    if (op == "MultiHeadAttention") { // Q [B, S, D], V [B, L, Dv] -> [B, S, Dv]
        const Known* v = table.find(node, 2);
        if (!v || x->dims.size() != 3 || v->dims.size() != 3)
            return std::nullopt;
        return Known { { x->dims[0], x->dims[1], v->dims[2] }, x->elemType };
    }
    if (op == "FusedMatMul" || op == "QOrderedMatMul" || op == "MatMulIntegerToFloat"
        || op == "DynamicQuantizeMatMul") {
        const Known* b = table.find(node, op == "QOrderedMatMul" ? 2 : 1);
        if (!b)
            return std::nullopt;
        auto dims = matmulShape(
            x->dims, b->dims, intAttr(node, "transA", 0) != 0, intAttr(node, "transB", 0) != 0);
        if (!dims)
            return std::nullopt;
        bool toFloat
            = op == "MatMulIntegerToFloat"; // integer inputs, float result (a_scale's type)
        const Known* scale = toFloat ? table.find(node, 2) : nullptr;
        return Known { *dims, toFloat && scale ? scale->elemType : x->elemType };
    }
    return std::nullopt;
}

// Second outputs other operators read: EmbedLayerNormalization's mask_index [B] (int32, fed
// to Attention) and Attention's present key/value [2, B, heads, S_kv, head size].
std::optional<Known> secondOutputOf(const onnx::NodeProto& node, const ShapeTable& table)
{
    const Known* x = table.find(node, 0);
    if (!x || x->dims.empty())
        return std::nullopt;
    if (node.op_type() == "EmbedLayerNormalization")
        return Known { { x->dims[0] }, onnx::TensorProto::INT32 };
    int64_t heads = intAttr(node, "num_heads", 0);
    const Known* w = table.find(node, 1);
    if (node.op_type() != "Attention" || heads <= 0 || !w || x->dims.size() != 3
        || w->dims.size() != 2)
        return std::nullopt;
    Dims sizes = intsAttr(node, "qkv_hidden_sizes");
    int64_t k = sizes.size() == 3 ? sizes[1] : w->dims[1] / 3;
    int64_t kvLength = x->dims[1];
    const Known* past = table.find(node, 4);
    if (past && past->dims.size() == 5)
        kvLength += past->dims[3];
    return Known { { 2, x->dims[0], heads, kvLength, k / heads }, x->elemType };
}

void addValueInfo(onnx::GraphProto& graph, const std::string& name, const Known& known)
{
    auto* info = graph.add_value_info();
    info->set_name(name);
    auto* type = info->mutable_type()->mutable_tensor_type();
    type->set_elem_type(known.elemType);
    for (int64_t d : known.dims)
        type->mutable_shape()->add_dim()->set_dim_value(d);
}

} // namespace

bool ContribShapes::annotate(onnx::GraphProto& graph)
{
    bool anyContrib = std::any_of(graph.node().begin(), graph.node().end(),
        [](const onnx::NodeProto& node) { return isContribDomain(node.domain()); });
    if (!anyContrib)
        return false;
    ShapeTable table(graph);
    bool added = false;
    for (const auto& node : graph.node()) {
        if (!isContribDomain(node.domain()) || node.output_size() < 1 || table.has(node.output(0)))
            continue;
        auto out = outputOf(node, table);
        if (!out)
            continue;
        addValueInfo(graph, node.output(0), *out);
        auto second = node.output_size() > 1 && !node.output(1).empty()
            ? secondOutputOf(node, table)
            : std::nullopt;
        if (second && !table.has(node.output(1)))
            addValueInfo(graph, node.output(1), *second);
        added = true;
    }
    return added;
}

} // namespace mensa
