#include "prune/ChannelGraph.h"

#include "onnx/ShapeFolder.h"
#include "util/Error.h"

#include <algorithm>
#include <set>

namespace mensa {
namespace {

// Operators whose first output has the channels of their first input (shape-wise).
const std::set<std::string>& passThroughOps()
{
    static const std::set<std::string> ops { "Relu", "LeakyRelu", "Clip", "Sigmoid", "HardSigmoid",
        "HardSwish", "Tanh", "Elu", "Selu", "Softplus", "Softsign", "Identity", "Dropout", "Neg",
        "Abs", "Sqrt", "Exp", "Erf", "Gelu", "Mish", "MaxPool", "AveragePool", "GlobalAveragePool",
        "GlobalMaxPool", "LpPool", "LRN", "Softmax", "LogSoftmax", "Cast" };
    return ops;
}

const std::set<std::string>& elementwiseOps()
{
    static const std::set<std::string> ops { "Add", "Sub", "Mul", "Div", "Max", "Min", "Sum",
        "Mean" };
    return ops;
}

// A model with the same graph but without large tensor payloads, for shape inference.
onnx::ModelProto shapeOnlyCopy(const onnx::ModelProto& model)
{
    onnx::ModelProto copy;
    copy.set_ir_version(model.ir_version());
    *copy.mutable_opset_import() = model.opset_import();
    const onnx::GraphProto& g = model.graph();
    onnx::GraphProto& c = *copy.mutable_graph();
    c.set_name(g.name());
    *c.mutable_node() = g.node();
    *c.mutable_input() = g.input();
    *c.mutable_output() = g.output();
    for (const auto& t : g.initializer()) {
        onnx::TensorProto& s = *c.add_initializer();
        const bool small = t.raw_data().size() <= 4096 && t.float_data_size() <= 1024;
        if (small && t.data_location() != onnx::TensorProto::EXTERNAL) {
            s = t;
            continue;
        }
        s.set_name(t.name());
        s.set_data_type(t.data_type());
        *s.mutable_dims() = t.dims();
        s.set_data_location(onnx::TensorProto::EXTERNAL);
        auto* entry = s.add_external_data();
        entry->set_key("location");
        entry->set_value("shape-only");
    }
    return copy;
}

void addDims(std::map<std::string, std::vector<int64_t>>& shapes, const onnx::ValueInfoProto& v)
{
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape())
        return;
    std::vector<int64_t> dims;
    for (const auto& d : v.type().tensor_type().shape().dim())
        dims.push_back(d.has_dim_value() ? d.dim_value() : -1);
    shapes[v.name()] = std::move(dims);
}

} // namespace

ChannelGraph::ChannelGraph(const onnx::ModelProto& model)
    : m_graph(model.graph())
{
    for (const auto& t : m_graph.initializer())
        m_initializers[t.name()] = &t;
    collectShapes(model);
    for (int i = 0; i < m_graph.node_size(); ++i)
        visit(i);
    for (const auto& out : m_graph.output())
        block(channelsOf(out.name()), "graph output '" + out.name() + "'");
}

void ChannelGraph::collectShapes(const onnx::ModelProto& model)
{
    onnx::ModelProto copy = shapeOnlyCopy(model);
    ShapeFolder::inferShapes(copy);
    const onnx::GraphProto& g = copy.graph();
    for (const auto& v : g.input())
        addDims(m_shapes, v);
    for (const auto& v : g.value_info())
        addDims(m_shapes, v);
    for (const auto& v : g.output())
        addDims(m_shapes, v);
    for (const auto& t : model.graph().initializer())
        m_shapes[t.name()] = std::vector<int64_t>(t.dims().begin(), t.dims().end());
}

int ChannelGraph::group(int space) const
{
    while (m_parent[space] != space) {
        m_parent[space] = m_parent[m_parent[space]];
        space = m_parent[space];
    }
    return space;
}

const std::string& ChannelGraph::joinedBy(int group) const
{
    static const std::string none;
    auto it = m_joinedBy.find(group);
    return it == m_joinedBy.end() ? none : it->second;
}

std::string ChannelGraph::nodeName(int node) const
{
    const onnx::NodeProto& n = m_graph.node(node);
    if (!n.name().empty())
        return n.name();
    return n.output_size() > 0 ? n.output(0) : n.op_type();
}

int ChannelGraph::findNode(const std::string& name) const
{
    for (int i = 0; i < m_graph.node_size(); ++i) {
        const onnx::NodeProto& n = m_graph.node(i);
        if (n.name() == name || (n.output_size() > 0 && n.output(0) == name))
            return i;
    }
    return -1;
}

std::string ChannelGraph::weightOf(int node) const
{
    auto it = m_weights.find(node);
    return it == m_weights.end() ? std::string() : it->second;
}

int ChannelGraph::outputAxisOf(int node) const
{
    auto it = m_outputAxis.find(node);
    return it == m_outputAxis.end() ? 0 : it->second;
}

void ChannelGraph::visit(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const std::string& op = node.op_type();
    const bool standard = node.domain().empty() || node.domain() == "ai.onnx";
    if (!standard || node.input_size() == 0 || node.output_size() == 0)
        visitUnknown(nodeIndex);
    else if (op == "Conv")
        visitConv(nodeIndex);
    else if (op == "Gemm" || op == "MatMul")
        visitDense(nodeIndex);
    else if (elementwiseOps().count(op))
        visitElementwise(nodeIndex);
    else if (op == "Concat")
        visitConcat(nodeIndex);
    else if (op == "Flatten")
        visitFlatten(nodeIndex);
    else if (op == "BatchNormalization")
        visitPassThrough(nodeIndex, { 1, 2, 3, 4 });
    else if (op == "InstanceNormalization")
        visitPassThrough(nodeIndex, { 1, 2 });
    else if (op == "Resize" && node.input_size() < 4)
        visitPassThrough(nodeIndex, {});
    else if (passThroughOps().count(op))
        visitPassThrough(nodeIndex, {});
    else
        visitUnknown(nodeIndex);
}

void ChannelGraph::visitConv(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    if (node.input_size() < 2 || !isInitializer(node.input(1))
        || m_initializers.at(node.input(1))->dims_size() < 3) {
        visitUnknown(nodeIndex);
        return;
    }
    const std::string& w = node.input(1);
    const auto& dims = m_initializers.at(w)->dims();
    const int64_t groups = attributeInt(node, "group", 1);
    const Channels in = channelsOf(node.input(0));
    const int64_t c = channelCount(in);
    const int64_t k = dims[0];
    m_weights[nodeIndex] = w;
    const std::string bias = node.input_size() > 2 ? node.input(2) : std::string();
    Channels out;
    if (groups == 1) {
        sliceParam(w, 1, in);
        out = { Segment { openSpace(k, nodeIndex, true), 0, k } };
        sliceParam(w, 0, out);
    }
    else if (groups == c && k == c && dims[1] == 1) { // depthwise: channels pass through
        out = in;
        sliceParam(w, 0, in);
        m_groupAttributes.push_back({ nodeIndex, in });
    }
    else {
        const std::string why = "'" + nodeName(nodeIndex) + "' (grouped Conv)";
        block(in, why);
        out = { Segment { openSpace(k, nodeIndex, false, why), 0, k } };
    }
    if (!bias.empty())
        sliceParam(bias, 0, out);
    m_channels[node.output(0)] = out;
}

void ChannelGraph::visitDense(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const bool gemm = node.op_type() == "Gemm";
    if (node.input_size() < 2 || !isInitializer(node.input(1))
        || m_initializers.at(node.input(1))->dims_size() != 2
        || (gemm && attributeInt(node, "transA", 0) != 0)) {
        visitUnknown(nodeIndex);
        return;
    }
    const std::string& w = node.input(1);
    const bool transB = gemm && attributeInt(node, "transB", 0) != 0;
    const int inAxis = transB ? 1 : 0;
    const int outAxis = transB ? 0 : 1;
    const Channels in = channelsOf(node.input(0));
    const auto* aShape = shape(node.input(0));
    const int rank = aShape ? int(aShape->size()) : 2;
    const auto axisIt = m_axis.find(node.input(0));
    const int axis = axisIt == m_axis.end() ? 1 : axisIt->second;
    if (axis != rank - 1)
        block(in, "'" + nodeName(nodeIndex) + "' (" + node.op_type() + " over another axis)");
    else
        sliceParam(w, inAxis, in);
    const int64_t n = m_initializers.at(w)->dims(outAxis);
    m_weights[nodeIndex] = w;
    m_outputAxis[nodeIndex] = outAxis;
    Channels out { Segment { openSpace(n, nodeIndex, true), 0, n } };
    sliceParam(w, outAxis, out);
    if (gemm && node.input_size() > 2 && !node.input(2).empty()) {
        const auto* b = shape(node.input(2));
        if (isInitializer(node.input(2)) && b && b->size() == 1 && (*b)[0] == n)
            sliceParam(node.input(2), 0, out);
        else if (!b || std::max<int64_t>(1, b->empty() ? 1 : b->back()) != 1)
            block(out, "'" + nodeName(nodeIndex) + "' (Gemm bias of another shape)");
    }
    m_channels[node.output(0)] = out;
    m_axis[node.output(0)] = rank - 1;
}

void ChannelGraph::visitElementwise(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const auto* yShape = shape(node.output(0));
    if (!yShape || yShape->size() < 2) {
        visitUnknown(nodeIndex);
        return;
    }
    const int rankY = int(yShape->size());
    const std::string why = "'" + nodeName(nodeIndex) + "' (" + node.op_type() + ")";
    // The output's channel axis: that of the first activation input of full rank.
    int axisY = 1;
    for (const auto& in : node.input())
        if (!in.empty() && !isInitializer(in) && shape(in) && int(shape(in)->size()) == rankY) {
            auto it = m_axis.find(in);
            axisY = it == m_axis.end() ? 1 : it->second;
            break;
        }
    const int64_t c = (*yShape)[axisY];
    std::vector<Channels> joined;
    std::vector<std::pair<std::string, int>> constants;
    for (const auto& in : node.input()) {
        const auto* s = shape(in);
        if (in.empty())
            continue;
        if (!s) {
            if (!isInitializer(in))
                block(channelsOf(in), why);
            continue;
        }
        const int idx = axisY - (rankY - int(s->size()));
        const int64_t dim = idx >= 0 ? (*s)[idx] : 1;
        if (isInitializer(in)) {
            if (dim == c && c > 1)
                constants.push_back({ in, idx });
            continue;
        }
        const Channels& ch = channelsOf(in);
        if (dim == 1 && c > 1) {
            block(ch, why);
            continue;
        }
        auto it = m_axis.find(in);
        const int axisIn = it == m_axis.end() ? 1 : it->second;
        if (idx != axisIn || dim != c) {
            block(ch, why);
            continue;
        }
        joined.push_back(ch);
    }
    if (joined.empty()) {
        m_channels[node.output(0)] = fixedChannels(node.output(0), nodeIndex, why);
        return;
    }
    for (size_t i = 1; i < joined.size(); ++i)
        unite(joined[0], joined[i], nodeName(nodeIndex));
    for (const auto& [tensor, idx] : constants)
        sliceParam(tensor, idx, joined[0]);
    m_channels[node.output(0)] = joined[0];
    m_axis[node.output(0)] = axisY;
}

void ChannelGraph::visitConcat(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const auto* yShape = shape(node.output(0));
    if (!yShape) {
        visitUnknown(nodeIndex);
        return;
    }
    const int rank = int(yShape->size());
    int64_t axis = attributeInt(node, "axis", 1);
    if (axis < 0)
        axis += rank;
    const std::string why = "'" + nodeName(nodeIndex) + "' (Concat)";
    std::vector<Channels> inputs;
    bool channelAxis = true;
    for (const auto& in : node.input()) {
        if (in.empty())
            continue;
        inputs.push_back(channelsOf(in));
        auto it = m_axis.find(in);
        const auto* s = shape(in);
        if ((it == m_axis.end() ? 1 : it->second) != axis || !s || int(s->size()) != rank)
            channelAxis = false;
    }
    Channels out;
    if (channelAxis) {
        for (const auto& ch : inputs)
            out.insert(out.end(), ch.begin(), ch.end());
    }
    else { // joined along another axis: the channels of every input must match
        for (size_t i = 1; i < inputs.size(); ++i)
            unite(inputs[0], inputs[i], nodeName(nodeIndex));
        out = inputs.empty() ? fixedChannels(node.output(0), nodeIndex, why) : inputs[0];
    }
    m_channels[node.output(0)] = out;
    if (channelAxis)
        m_axis[node.output(0)] = int(axis);
}

void ChannelGraph::visitFlatten(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const auto* s = shape(node.input(0));
    auto it = m_axis.find(node.input(0));
    const bool channelsFirst = it == m_axis.end() || it->second == 1;
    bool spatialOne = s && s->size() >= 2;
    if (s)
        for (size_t i = 2; i < s->size(); ++i)
            spatialOne = spatialOne && (*s)[i] == 1;
    if (attributeInt(node, "axis", 1) != 1 || !spatialOne || !channelsFirst) {
        visitUnknown(nodeIndex);
        return;
    }
    m_channels[node.output(0)] = channelsOf(node.input(0));
    m_axis[node.output(0)] = 1;
}

void ChannelGraph::visitPassThrough(int nodeIndex, const std::vector<int>& paramInputs)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const Channels in = channelsOf(node.input(0));
    for (int p : paramInputs) {
        if (p >= node.input_size() || node.input(p).empty())
            continue;
        if (isInitializer(node.input(p)))
            sliceParam(node.input(p), 0, in);
        else
            block(in,
                "'" + nodeName(nodeIndex) + "' (" + node.op_type()
                    + " with computed "
                      "parameters)");
    }
    m_channels[node.output(0)] = in;
    auto it = m_axis.find(node.input(0));
    if (it != m_axis.end())
        m_axis[node.output(0)] = it->second;
    for (int o = 1; o < node.output_size(); ++o)
        if (!node.output(o).empty())
            m_channels[node.output(o)] = fixedChannels(node.output(o), nodeIndex,
                "'" + nodeName(nodeIndex) + "' (" + node.op_type() + ")");
}

void ChannelGraph::visitUnknown(int nodeIndex)
{
    const onnx::NodeProto& node = m_graph.node(nodeIndex);
    const std::string why = "'" + nodeName(nodeIndex) + "' (" + node.op_type() + ")";
    for (const auto& in : node.input())
        if (!in.empty() && !isInitializer(in))
            block(channelsOf(in), why);
    for (const auto& out : node.output())
        if (!out.empty())
            m_channels[out] = fixedChannels(out, nodeIndex, why);
}

int ChannelGraph::openSpace(int64_t count, int producer, bool prunable, const std::string& blocker)
{
    m_spaces.push_back(Space { count, producer, prunable, blocker });
    m_parent.push_back(int(m_parent.size()));
    return int(m_spaces.size()) - 1;
}

ChannelGraph::Channels ChannelGraph::fixedChannels(
    const std::string& tensor, int producer, const std::string& why)
{
    const auto* s = shape(tensor);
    int64_t count = 1;
    if (s && s->size() >= 2)
        count = std::max<int64_t>(1, (*s)[1]);
    else if (s && s->size() == 1)
        count = std::max<int64_t>(1, (*s)[0]);
    return { Segment { openSpace(count, producer, false, why), 0, count } };
}

const ChannelGraph::Channels& ChannelGraph::channelsOf(const std::string& tensor)
{
    auto it = m_channels.find(tensor);
    if (it != m_channels.end())
        return it->second;
    const std::string why
        = isInitializer(tensor) ? "constant '" + tensor + "'" : "graph input '" + tensor + "'";
    return m_channels[tensor] = fixedChannels(tensor, -1, why);
}

void ChannelGraph::block(const Channels& channels, const std::string& why)
{
    for (const Segment& s : channels) {
        Space& root = m_spaces[group(s.space)];
        if (root.blocker.empty())
            root.blocker = why;
    }
}

void ChannelGraph::unite(const Channels& a, const Channels& b, const std::string& node)
{
    bool same = a.size() == b.size();
    for (size_t i = 0; same && i < a.size(); ++i)
        same = a[i].count == b[i].count;
    if (!same) {
        const std::string why = "'" + node + "' (joins differently concatenated channels)";
        block(a, why);
        block(b, why);
        return;
    }
    for (size_t i = 0; i < a.size(); ++i) {
        const int ra = group(a[i].space);
        const int rb = group(b[i].space);
        if (ra == rb)
            continue;
        m_parent[rb] = ra;
        if (m_spaces[ra].blocker.empty())
            m_spaces[ra].blocker = m_spaces[rb].blocker;
        if (m_joinedBy[ra].empty())
            m_joinedBy[ra] = node;
    }
}

void ChannelGraph::sliceParam(const std::string& tensor, int axis, const Channels& channels)
{
    if (isInitializer(tensor))
        m_slices.push_back({ tensor, axis, channels });
}

bool ChannelGraph::isInitializer(const std::string& name) const
{
    return m_initializers.count(name) > 0;
}

const std::vector<int64_t>* ChannelGraph::shape(const std::string& tensor) const
{
    auto it = m_shapes.find(tensor);
    return it == m_shapes.end() ? nullptr : &it->second;
}

int64_t ChannelGraph::channelCount(const Channels& channels) const
{
    int64_t total = 0;
    for (const Segment& s : channels)
        total += s.count;
    return total;
}

int64_t ChannelGraph::attributeInt(
    const onnx::NodeProto& node, const std::string& name, int64_t fallback) const
{
    for (const auto& a : node.attribute())
        if (a.name() == name)
            return a.i();
    return fallback;
}

} // namespace mensa
