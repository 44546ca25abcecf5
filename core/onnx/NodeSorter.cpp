#include "onnx/NodeSorter.h"

#include "util/Error.h"

#include <functional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mensa {
namespace {

std::string nodeLabel(const onnx::NodeProto& node, int index)
{
    std::string name = node.name().empty() ? "#" + std::to_string(index) : "'" + node.name() + "'";
    return "node " + name + " (" + node.op_type() + ")";
}

std::unordered_map<std::string, int> producers(const onnx::GraphProto& graph)
{
    std::unordered_map<std::string, int> producer;
    for (int i = 0; i < graph.node_size(); ++i)
        for (const auto& out : graph.node(i).output())
            if (!out.empty() && !producer.emplace(out, i).second)
                throw MensaError("", "tensor '" + out + "' is produced by two nodes");
    return producer;
}

std::unordered_set<std::string> externalTensors(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> names;
    for (const auto& input : graph.input())
        names.insert(input.name());
    for (const auto& init : graph.initializer())
        names.insert(init.name());
    return names;
}

// Dependency lists: for each node the nodes that consume its outputs; returns in-degrees.
std::vector<int> buildEdges(const onnx::GraphProto& graph, std::vector<std::vector<int>>& consumers)
{
    auto producer = producers(graph);
    auto outside = externalTensors(graph);
    std::vector<int> inDegree(graph.node_size(), 0);
    consumers.assign(graph.node_size(), {});
    for (int i = 0; i < graph.node_size(); ++i) {
        std::unordered_set<int> seen;
        for (const auto& in : graph.node(i).input()) {
            if (in.empty())
                continue;
            auto it = producer.find(in);
            if (it == producer.end()) {
                if (!outside.count(in))
                    throw MensaError("",
                        nodeLabel(graph.node(i), i) + " reads tensor '" + in
                            + "', which no node, graph input or initializer provides");
                continue;
            }
            if (seen.insert(it->second).second) {
                consumers[it->second].push_back(i);
                ++inDegree[i];
            }
        }
    }
    return inDegree;
}

} // namespace

void NodeSorter::sort(onnx::GraphProto& graph)
{
    std::vector<std::vector<int>> consumers;
    std::vector<int> inDegree = buildEdges(graph, consumers);
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int i = 0; i < graph.node_size(); ++i)
        if (inDegree[i] == 0)
            ready.push(i);
    std::vector<int> order;
    order.reserve(graph.node_size());
    while (!ready.empty()) {
        int n = ready.top();
        ready.pop();
        order.push_back(n);
        for (int c : consumers[n])
            if (--inDegree[c] == 0)
                ready.push(c);
    }
    if (static_cast<int>(order.size()) != graph.node_size()) {
        for (int i = 0; i < graph.node_size(); ++i)
            if (inDegree[i] > 0)
                throw MensaError("",
                    "the graph has a cycle: " + nodeLabel(graph.node(i), i)
                        + " waits on its own output");
    }
    google::protobuf::RepeatedPtrField<onnx::NodeProto> sorted;
    sorted.Reserve(graph.node_size());
    for (int n : order)
        *sorted.Add() = std::move(*graph.mutable_node(n));
    graph.mutable_node()->Swap(&sorted);
}

} // namespace mensa
