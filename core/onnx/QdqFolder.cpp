#include "onnx/QdqFolder.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mensa {
namespace {

bool isDefaultDomain(const onnx::NodeProto& node)
{
    return node.domain().empty() || node.domain() == "ai.onnx";
}

bool isOp(const onnx::NodeProto& node, const char* op)
{
    // An empty name is an absent optional tensor: such a node is left alone.
    return isDefaultDomain(node) && node.op_type() == op && node.input_size() >= 1
        && node.output_size() == 1 && !node.input(0).empty() && !node.output(0).empty();
}

std::unordered_set<std::string> graphOutputs(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> names;
    for (const auto& out : graph.output())
        names.insert(out.name());
    return names;
}

// Names read inside control-flow bodies (If, Loop, Scan), which refer to outer tensors by name:
// a DequantizeLinear they read is left in place.
void collectSubgraphReads(const onnx::GraphProto& graph, std::unordered_set<std::string>& names)
{
    for (const auto& node : graph.node())
        for (const auto& attr : node.attribute()) {
            std::vector<const onnx::GraphProto*> bodies;
            if (attr.has_g())
                bodies.push_back(&attr.g());
            for (const auto& g : attr.graphs())
                bodies.push_back(&g);
            for (const onnx::GraphProto* body : bodies) {
                for (const auto& inner : body->node())
                    names.insert(inner.input().begin(), inner.input().end());
                collectSubgraphReads(*body, names);
            }
        }
}

// For each DequantizeLinear to fold: the tensor its consumers read instead.
std::unordered_map<std::string, std::string> bypasses(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> initializers;
    for (const auto& init : graph.initializer())
        initializers.insert(init.name());
    std::unordered_map<std::string, const onnx::NodeProto*> quantizers; // by output
    for (const auto& node : graph.node())
        if (isOp(node, "QuantizeLinear"))
            quantizers[node.output(0)] = &node;
    auto kept = graphOutputs(graph);
    collectSubgraphReads(graph, kept);
    std::unordered_map<std::string, std::string> bypass;
    for (const auto& node : graph.node()) {
        if (!isOp(node, "DequantizeLinear") || kept.count(node.output(0)))
            continue;
        const std::string& in = node.input(0);
        if (initializers.count(in))
            bypass[node.output(0)] = in;
        else if (auto q = quantizers.find(in); q != quantizers.end())
            bypass[node.output(0)] = q->second->input(0);
    }
    return bypass;
}

// Removes the folded DequantizeLinear nodes, then the QuantizeLinear nodes nothing reads.
int removeFolded(
    onnx::GraphProto& graph, const std::unordered_map<std::string, std::string>& bypass)
{
    std::unordered_set<std::string> read = graphOutputs(graph);
    for (const auto& node : graph.node())
        if (!(isOp(node, "DequantizeLinear") && bypass.count(node.output(0))))
            read.insert(node.input().begin(), node.input().end());
    auto* nodes = graph.mutable_node();
    const int before = nodes->size();
    auto kept = std::remove_if(nodes->begin(), nodes->end(), [&](const onnx::NodeProto& node) {
        return (isOp(node, "DequantizeLinear") && bypass.count(node.output(0)))
            || (isOp(node, "QuantizeLinear") && !read.count(node.output(0)));
    });
    nodes->erase(kept, nodes->end());
    return before - nodes->size();
}

} // namespace

std::string QdqFolder::fold(onnx::GraphProto& graph)
{
    const auto bypass = bypasses(graph);
    if (bypass.empty())
        return "";
    for (auto& node : *graph.mutable_node())
        for (auto& input : *node.mutable_input())
            if (auto it = bypass.find(input); it != bypass.end())
                input = it->second;
    const int removed = removeFolded(graph, bypass);
    return "QDQ int8 model: " + std::to_string(removed)
        + " QuantizeLinear/DequantizeLinear nodes folded into the int8 layers they annotate";
}

} // namespace mensa
