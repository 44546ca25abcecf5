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
    producer.reserve(static_cast<size_t>(graph.node_size()) * 2);
    for (int i = 0; i < graph.node_size(); ++i)
        for (const auto& out : graph.node(i).output())
            if (!out.empty() && !producer.emplace(out, i).second)
                throw MensaError("", "tensor '" + out + "' is produced by two nodes");
    return producer;
}

std::unordered_set<std::string> externalTensors(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> names;
    names.reserve(static_cast<size_t>(graph.input_size() + graph.initializer_size()));
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
            // Nodes are visited in order, so a repeated producer has this node last.
            std::vector<int>& users = consumers[it->second];
            if (users.empty() || users.back() != i) {
                users.push_back(i);
                ++inDegree[i];
            }
        }
    }
    return inDegree;
}

// Puts element order[k] at position k by swapping in place: no node is copied, and the nodes
// stay on the arena they were parsed into.
void permute(
    google::protobuf::RepeatedPtrField<onnx::NodeProto>& nodes, const std::vector<int>& order)
{
    std::vector<int> at(order.size()); // the original index of the node now at each position
    std::vector<int> where(order.size()); // the position of each original node
    for (size_t i = 0; i < order.size(); ++i)
        at[i] = where[i] = static_cast<int>(i);
    for (size_t k = 0; k < order.size(); ++k) {
        const int from = where[order[k]];
        if (from == static_cast<int>(k))
            continue;
        nodes.SwapElements(static_cast<int>(k), from);
        std::swap(at[k], at[from]);
        where[at[k]] = static_cast<int>(k);
        where[at[from]] = from;
    }
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
    permute(*graph.mutable_node(), order);
}

} // namespace mensa
