#include "onnx/ShapeFolder.h"

#include "onnx/CommonShapes.h"
#include "onnx/ContribShapes.h"
#include "onnx/StaticShape.h"
#include "util/Error.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_set>

namespace mensa {
namespace {

constexpr int kMaxRounds = 64;
constexpr size_t kMaxValueElements = 64; // shape vectors, never weights

std::string firstLine(const std::string& text)
{
    std::string line = text.substr(0, text.find('\n'));
    return line.size() > 300 ? line.substr(0, 300) + "..." : line;
}

void runInference(onnx::ModelProto& model)
{
    // error_mode 0: a node inference cannot handle leaves its outputs unknown, reported later
    // for the tensors that matter; data propagation helps with Shape/Gather/Concat chains.
    onnx::ShapeInferenceOptions options(false, 0, true);
    try {
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
    }
    catch (const std::exception& e) {
        throw MensaError("", "shape inference failed: " + firstLine(e.what()));
    }
}

// Inputs that carry shape-like values which shape inference needs as constants.
std::vector<int> valueInputs(const std::string& op)
{
    if (op == "Reshape" || op == "Expand" || op == "Tile" || op == "Pad" || op == "Unsqueeze"
        || op == "Squeeze" || op == "Split" || op == "TopK" || op == "OneHot"
        || op.rfind("Reduce", 0) == 0)
        return { 1 };
    if (op == "ConstantOfShape")
        return { 0 };
    if (op == "Slice")
        return { 1, 2, 3, 4 };
    if (op == "Resize")
        return { 3 };
    if (op == "Range")
        return { 0, 1, 2 };
    return {};
}

bool readInts(const onnx::TensorProto& t, std::vector<int64_t>& out)
{
    if (t.data_location() == onnx::TensorProto::EXTERNAL || t.dims_size() > 1)
        return false;
    if (t.data_type() == onnx::TensorProto::INT64) {
        if (!t.raw_data().empty()) {
            if (t.raw_data().size() % 8 || t.raw_data().size() / 8 > kMaxValueElements)
                return false;
            out.resize(t.raw_data().size() / 8);
            std::memcpy(out.data(), t.raw_data().data(), t.raw_data().size());
        }
        else {
            out.assign(t.int64_data().begin(), t.int64_data().end());
        }
    }
    else if (t.data_type() == onnx::TensorProto::INT32) {
        if (!t.raw_data().empty()) {
            if (t.raw_data().size() % 4 || t.raw_data().size() / 4 > kMaxValueElements)
                return false;
            std::vector<int32_t> v(t.raw_data().size() / 4);
            std::memcpy(v.data(), t.raw_data().data(), t.raw_data().size());
            out.assign(v.begin(), v.end());
        }
        else {
            out.assign(t.int32_data().begin(), t.int32_data().end());
        }
    }
    else {
        return false;
    }
    int64_t expected = t.dims_size() == 0 ? 1 : t.dims(0);
    return out.size() <= kMaxValueElements && static_cast<int64_t>(out.size()) == expected;
}

const onnx::AttributeProto* attr(const onnx::NodeProto& node, const std::string& name)
{
    for (const auto& a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

int64_t normalizeIndex(int64_t index, int64_t size)
{
    return index < 0 ? index + size : index;
}

// Whether every node's first output has a fully known shape: then folding has nothing to do
// (foldRound only folds inputs of nodes whose output is unresolved), which is the common case
// and saves building its maps over a large graph.
bool everyOutputResolved(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string_view> resolved;
    resolved.reserve(static_cast<size_t>(graph.value_info_size() + graph.output_size()));
    std::vector<int64_t> dims;
    for (const auto* list : { &graph.value_info(), &graph.output() })
        for (const auto& info : *list)
            if (staticDims(info.type(), dims))
                resolved.insert(info.name());
    for (const auto& node : graph.node())
        if (node.output_size() > 0 && !resolved.count(node.output(0)))
            return false;
    return true;
}

} // namespace

void ShapeFolder::inferShapes(onnx::ModelProto& model)
{
    if (CommonShapes::infer(model))
        return; // no shape arithmetic to fold, and ONNX's schemas stay unbuilt
    runInference(model);
    for (int round = 0; round < kMaxRounds; ++round) {
        bool contrib = ContribShapes::annotate(*model.mutable_graph());
        if (!contrib && everyOutputResolved(model.graph()))
            return;
        ShapeFolder folder(*model.mutable_graph());
        if (!folder.foldRound() && !contrib)
            return;
        runInference(model);
    }
}

ShapeFolder::ShapeFolder(onnx::GraphProto& graph)
    : m_graph(graph)
{
}

void ShapeFolder::collectKnown()
{
    for (const auto* list : { &m_graph.input(), &m_graph.value_info(), &m_graph.output() })
        for (const auto& info : *list)
            m_types[info.name()] = &info.type();
    for (const auto& init : m_graph.initializer()) {
        Value v;
        if (readInts(init, v.data)) {
            v.dims.assign(init.dims().begin(), init.dims().end());
            m_values[init.name()] = std::move(v);
        }
    }
}

bool ShapeFolder::shapeOf(const std::string& tensor, std::vector<int64_t>& dims) const
{
    auto it = m_types.find(tensor);
    return it != m_types.end() && staticDims(*it->second, dims);
}

bool ShapeFolder::outputResolved(const std::string& tensor) const
{
    std::vector<int64_t> dims;
    return shapeOf(tensor, dims);
}

const ShapeFolder::Value* ShapeFolder::value(const onnx::NodeProto& node, int index) const
{
    if (index >= node.input_size() || node.input(index).empty())
        return nullptr;
    auto it = m_values.find(node.input(index));
    return it == m_values.end() ? nullptr : &it->second;
}

bool ShapeFolder::foldRound()
{
    collectKnown();
    for (const auto& node : m_graph.node())
        if (node.output_size() > 0 && !m_values.count(node.output(0)))
            evaluate(node);
    std::unordered_set<std::string> initializers;
    for (const auto& init : m_graph.initializer())
        initializers.insert(init.name());
    bool changed = false;
    for (auto& node : *m_graph.mutable_node()) {
        if (node.output_size() == 0 || outputResolved(node.output(0)))
            continue;
        for (int index : valueInputs(node.op_type())) {
            if (index >= node.input_size() || initializers.count(node.input(index))
                || !value(node, index))
                continue;
            const Value& v = *value(node, index);
            std::string name = node.input(index) + "__mensa_folded_" + std::to_string(m_folded++);
            auto* init = m_graph.add_initializer();
            init->set_name(name);
            init->set_data_type(onnx::TensorProto::INT64);
            for (int64_t d : v.dims)
                init->add_dims(d);
            for (int64_t x : v.data)
                init->add_int64_data(x);
            node.set_input(index, name);
            changed = true;
        }
    }
    return changed;
}

// Evaluates the small int64 operations of shape arithmetic (rank 0/1 values only).
bool ShapeFolder::evaluate(const onnx::NodeProto& node)
{
    const std::string& op = node.op_type();
    if (!node.domain().empty() && node.domain() != "ai.onnx")
        return false;
    Value out;
    if (op == "Constant") {
        const auto* a = attr(node, "value");
        if (a && a->has_t() && readInts(a->t(), out.data))
            out.dims.assign(a->t().dims().begin(), a->t().dims().end());
        else if ((a = attr(node, "value_ints")))
            out = { { a->ints_size() }, { a->ints().begin(), a->ints().end() } };
        else if ((a = attr(node, "value_int")))
            out = { {}, { a->i() } };
        else
            return false;
    }
    else if (op == "Shape" || op == "Size") {
        std::vector<int64_t> dims;
        if (node.input_size() < 1 || !shapeOf(node.input(0), dims))
            return false;
        if (op == "Size") {
            int64_t n = 1;
            for (int64_t d : dims)
                if (__builtin_mul_overflow(n, d, &n))
                    return false;
            out = { {}, { n } };
        }
        else {
            int64_t rank = static_cast<int64_t>(dims.size());
            const auto* s = attr(node, "start");
            const auto* e = attr(node, "end");
            int64_t start = std::clamp<int64_t>(normalizeIndex(s ? s->i() : 0, rank), 0, rank);
            int64_t end = std::clamp<int64_t>(normalizeIndex(e ? e->i() : rank, rank), 0, rank);
            out.data.assign(dims.begin() + start, dims.begin() + std::max(start, end));
            out.dims = { static_cast<int64_t>(out.data.size()) };
        }
    }
    else if (op == "Gather") {
        const Value* data = value(node, 0);
        const Value* idx = value(node, 1);
        const auto* axis = attr(node, "axis");
        if (!data || !idx || data->dims.size() != 1 || (axis && axis->i() != 0))
            return false;
        int64_t size = static_cast<int64_t>(data->data.size());
        for (int64_t i : idx->data) {
            i = normalizeIndex(i, size);
            if (i < 0 || i >= size)
                return false;
            out.data.push_back(data->data[static_cast<size_t>(i)]);
        }
        out.dims = idx->dims;
    }
    else if (op == "Unsqueeze" || op == "Squeeze" || op == "Identity" || op == "Cast") {
        const Value* in = value(node, 0);
        if (!in)
            return false;
        out = *in;
        if (op == "Unsqueeze" && in->dims.empty())
            out.dims = { 1 };
        else if (op == "Unsqueeze")
            return false;
        if (op == "Squeeze" && in->data.size() == 1)
            out.dims = {};
    }
    else if (op == "Concat") {
        for (int i = 0; i < node.input_size(); ++i) {
            const Value* in = value(node, i);
            if (!in || in->dims.size() != 1)
                return false;
            out.data.insert(out.data.end(), in->data.begin(), in->data.end());
        }
        out.dims = { static_cast<int64_t>(out.data.size()) };
    }
    else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div") {
        const Value* a = value(node, 0);
        const Value* b = value(node, 1);
        if (!a || !b
            || (a->data.size() != b->data.size() && a->data.size() != 1 && b->data.size() != 1))
            return false;
        size_t n = std::max(a->data.size(), b->data.size());
        out.dims = a->dims.size() >= b->dims.size() ? a->dims : b->dims;
        for (size_t i = 0; i < n; ++i) {
            int64_t x = a->data[a->data.size() == 1 ? 0 : i];
            int64_t y = b->data[b->data.size() == 1 ? 0 : i];
            int64_t r = 0;
            bool overflow = op == "Add" ? __builtin_add_overflow(x, y, &r)
                : op == "Sub"           ? __builtin_sub_overflow(x, y, &r)
                : op == "Mul"           ? __builtin_mul_overflow(x, y, &r)
                                        : (y == 0 || (x == INT64_MIN && y == -1));
            if (overflow)
                return false;
            out.data.push_back(op == "Div" ? x / y : r);
        }
    }
    else if (op == "Slice") {
        const Value* in = value(node, 0);
        if (!in || in->dims.size() != 1)
            return false;
        std::vector<int64_t> starts, ends, axes, steps;
        if (node.input_size() >= 3) {
            const Value* s = value(node, 1);
            const Value* e = value(node, 2);
            if (!s || !e)
                return false;
            starts = s->data;
            ends = e->data;
            if (const Value* a = value(node, 3))
                axes = a->data;
            if (const Value* st = value(node, 4))
                steps = st->data;
        }
        else {
            const auto* s = attr(node, "starts");
            const auto* e = attr(node, "ends");
            if (!s || !e)
                return false;
            starts.assign(s->ints().begin(), s->ints().end());
            ends.assign(e->ints().begin(), e->ints().end());
        }
        if (starts.size() != 1 || ends.size() != 1
            || (!axes.empty() && axes[0] != 0 && axes[0] != -1)
            || (!steps.empty() && steps[0] != 1))
            return false;
        int64_t size = static_cast<int64_t>(in->data.size());
        int64_t start = std::clamp<int64_t>(normalizeIndex(starts[0], size), 0, size);
        int64_t end
            = std::clamp<int64_t>(ends[0] < -size ? 0 : normalizeIndex(ends[0], size), 0, size);
        for (int64_t i = start; i < end; ++i)
            out.data.push_back(in->data[static_cast<size_t>(i)]);
        out.dims = { static_cast<int64_t>(out.data.size()) };
    }
    else {
        return false;
    }
    if (out.data.size() > kMaxValueElements || node.output_size() < 1)
        return false;
    m_values[node.output(0)] = std::move(out);
    return true;
}

} // namespace mensa
