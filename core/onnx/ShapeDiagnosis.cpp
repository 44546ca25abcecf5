#include "onnx/ShapeDiagnosis.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <unordered_map>
#include <unordered_set>

namespace mensa {
namespace {

// What the inferred graph knows: every typed tensor, initializers and producers.
struct GraphFacts {
    std::unordered_map<std::string, const onnx::TypeProto*> types;
    std::unordered_map<std::string, const onnx::TensorProto*> initializers;
    std::unordered_map<std::string, int> producer;

    explicit GraphFacts(const onnx::GraphProto& graph)
    {
        for (const auto* list : { &graph.input(), &graph.value_info(), &graph.output() })
            for (const auto& info : *list)
                if (info.has_type())
                    types.emplace(info.name(), &info.type());
        for (const auto& init : graph.initializer())
            initializers.emplace(init.name(), &init);
        for (int i = 0; i < graph.node_size(); ++i)
            for (const auto& out : graph.node(i).output())
                producer.emplace(out, i);
    }

    bool known(const std::string& name) const
    {
        if (name.empty() || initializers.count(name))
            return true;
        auto it = types.find(name);
        if (it == types.end() || !it->second->has_tensor_type()
            || !it->second->tensor_type().has_shape())
            return false;
        for (const auto& d : it->second->tensor_type().shape().dim())
            if (!d.has_dim_value())
                return false;
        return true;
    }
};

std::string shapeText(const GraphFacts& facts, const std::string& name)
{
    std::string text;
    if (auto init = facts.initializers.find(name); init != facts.initializers.end()) {
        for (int64_t d : init->second->dims())
            text += (text.empty() ? "" : "x") + std::to_string(d);
        return text.empty() ? "scalar" : text;
    }
    for (const auto& d : facts.types.at(name)->tensor_type().shape().dim())
        text += (text.empty() ? "" : "x") + std::to_string(d.dim_value());
    return text.empty() ? "scalar" : text;
}

// The first node upstream of TENSOR whose inputs are all known; -1 when there is none.
int stoppingNode(const onnx::GraphProto& graph, const GraphFacts& facts, const std::string& tensor)
{
    auto it = facts.producer.find(tensor);
    int node = it == facts.producer.end() ? -1 : it->second;
    std::unordered_set<int> seen;
    while (node >= 0 && seen.insert(node).second) {
        int next = -1;
        for (const auto& in : graph.node(node).input())
            if (!facts.known(in) && facts.producer.count(in)) {
                next = facts.producer.at(in);
                break;
            }
        if (next < 0)
            return node;
        node = next;
    }
    return -1;
}

// The declared rank of a tensor, or -1 when the facts do not give it.
int rankOf(const GraphFacts& facts, const std::string& name)
{
    if (auto init = facts.initializers.find(name); init != facts.initializers.end())
        return init->second->dims_size();
    auto type = facts.types.find(name);
    if (type == facts.types.end() || !type->second->has_tensor_type()
        || !type->second->tensor_type().has_shape())
        return -1;
    return type->second->tensor_type().shape().dim_size();
}

// libonnx 1.12's Conv/ConvTranspose inference indexes the weight by the input's rank without
// checking it (an out-of-bounds read, found by fuzz_onnx_import): say it ourselves.
std::string convRankProblem(const onnx::NodeProto& node, const GraphFacts& facts)
{
    if ((node.op_type() != "Conv" && node.op_type() != "ConvTranspose") || node.input_size() < 2)
        return {};
    const int x = rankOf(facts, node.input(0)), w = rankOf(facts, node.input(1));
    if (x < 0 || w < 0 || x == w)
        return {};
    return "the weight " + node.input(1) + " has rank " + std::to_string(w) + " but the input "
        + node.input(0) + " has rank " + std::to_string(x);
}

// ONNX's message for NODE on its own, its known inputs as graph inputs (strict mode).
std::string strictInference(
    const onnx::ModelProto& model, const onnx::NodeProto& node, const GraphFacts& facts)
{
    if (const std::string problem = convRankProblem(node, facts); !problem.empty())
        return problem;
    onnx::ModelProto single;
    single.set_ir_version(model.ir_version());
    *single.mutable_opset_import() = model.opset_import();
    auto* graph = single.mutable_graph();
    *graph->add_node() = node;
    for (const auto& in : node.input()) {
        if (in.empty())
            continue;
        if (auto init = facts.initializers.find(in); init != facts.initializers.end())
            *graph->add_initializer() = *init->second;
        else if (auto type = facts.types.find(in); type != facts.types.end()) {
            auto* input = graph->add_input();
            input->set_name(in);
            *input->mutable_type() = *type->second;
        }
    }
    try {
        onnx::ShapeInferenceOptions strict(true, 1, true);
        onnx::shape_inference::InferShapes(single, onnx::OpSchemaRegistry::Instance(), strict);
    }
    catch (const std::exception& e) {
        std::string why = e.what();
        why = why.substr(0, why.find('\n'));
        // ONNX prefixes "[ShapeInferenceError] (op_type:Add, node name: n): "; keep the cause.
        const auto cut = why.rfind("] ");
        return cut == std::string::npos ? why : why.substr(cut + 2);
    }
    return {};
}

} // namespace

std::string diagnoseUnresolved(const onnx::ModelProto& model, const std::string& tensor)
{
    const onnx::GraphProto& graph = model.graph();
    const GraphFacts facts(graph);
    const int index = stoppingNode(graph, facts, tensor);
    if (index < 0)
        return {};
    const onnx::NodeProto& node = graph.node(index);
    std::string inputs;
    for (const auto& in : node.input())
        if (!in.empty())
            inputs += (inputs.empty() ? "" : ", ") + in + " " + shapeText(facts, in);
    const std::string label = "node '" + (node.name().empty() ? node.output(0) : node.name())
        + "' (" + node.op_type() + ")";
    const std::string cause = strictInference(model, node, facts);
    if (cause.empty())
        return "shape inference stops at " + label + " with inputs " + inputs;
    return label + " cannot take its inputs " + inputs + ": " + cause;
}

} // namespace mensa
