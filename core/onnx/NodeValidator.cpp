#include "onnx/NodeValidator.h"

#include "onnx/OperatorTable.h"
#include "util/Error.h"

#include <onnx/defs/schema.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace mensa {
namespace {

std::string nodeName(const onnx::NodeProto& node)
{
    return "node '" + node.name() + "' (" + node.op_type() + ")";
}

// Attributes whose every value must be positive (they divide or count).
bool mustBePositive(const std::string& name)
{
    return name == "strides" || name == "dilations" || name == "kernel_shape" || name == "group"
        || name == "blocksize" || name == "hidden_size" || name == "size";
}

bool mustBeNonNegative(const std::string& name)
{
    return name == "pads" || name == "output_padding";
}

void checkValues(const onnx::NodeProto& node, const onnx::AttributeProto& attr, int64_t minimum)
{
    auto fail = [&](int64_t v) {
        throw MensaError("",
            nodeName(node) + ": attribute " + attr.name() + " has the invalid value "
                + std::to_string(v));
    };
    if (attr.type() == onnx::AttributeProto::INT && attr.i() < minimum)
        fail(attr.i());
    for (int64_t v : attr.ints())
        if (v < minimum)
            fail(v);
}

} // namespace

void NodeValidator::validate(const onnx::GraphProto& graph)
{
    validateNodes(graph);
    checkOutputsProduced(graph); // top level only: a body's outputs may come from the outer scope
}

// Convolution weights have rank 3 or more; ONNX's shape inference reads past a smaller one.
void checkWeightRanks(const onnx::GraphProto& graph)
{
    std::unordered_map<std::string, int> ranks;
    for (const auto& input : graph.input())
        if (input.type().has_tensor_type() && input.type().tensor_type().has_shape())
            ranks[input.name()] = input.type().tensor_type().shape().dim_size();
    for (const auto& init : graph.initializer())
        ranks[init.name()] = init.dims_size();
    for (const auto& node : graph.node()) {
        if ((node.op_type() != "Conv" && node.op_type() != "ConvTranspose")
            || node.input_size() < 2)
            continue;
        auto it = ranks.find(node.input(1));
        if (it != ranks.end() && it->second < 3)
            throw MensaError("",
                nodeName(node) + ": the weight " + node.input(1) + " has rank "
                    + std::to_string(it->second) + " (convolution weights have rank 3 or more)");
    }
}

void NodeValidator::validateNodes(const onnx::GraphProto& graph)
{
    checkWeightRanks(graph);
    for (int i = 0; i < graph.node_size(); ++i) {
        const auto& node = graph.node(i);
        if (node.op_type().empty())
            throw MensaError("",
                "node " + std::to_string(i) + " ('" + node.name()
                    + "') has an empty operator type");
        if (node.domain().empty() || node.domain() == "ai.onnx") {
            checkKnown(node);
            validateNode(node);
        }
        for (const auto& attr : node.attribute()) // If/Loop/Scan bodies are shape-inferred too
            if (attr.has_g())
                validateNodes(attr.g());
    }
}

// Policy (docs/import-policy.md): a default-domain operator that ONNX does not define at any
// opset, and that the importer does not model either, is a typo or a custom operator missing
// its domain; counting it as zero MACs would hide it, so it is refused.
void NodeValidator::checkKnown(const onnx::NodeProto& node)
{
    // The importer's own table first: looking up ONNX's registry builds all of it.
    if (OperatorTable::kindOf(node.op_type(), node.domain())
        || onnx::OpSchemaRegistry::Schema(node.op_type()))
        return;
    throw MensaError("",
        nodeName(node) + ": operator '" + node.op_type()
            + "' is not an ONNX operator (custom operators need their own domain)");
}

// Every graph output must come from a node, a graph input or an initializer.
void NodeValidator::checkOutputsProduced(const onnx::GraphProto& graph)
{
    std::unordered_set<std::string> produced;
    for (const auto& input : graph.input())
        produced.insert(input.name());
    for (const auto& init : graph.initializer())
        produced.insert(init.name());
    for (const auto& node : graph.node())
        produced.insert(node.output().begin(), node.output().end());
    for (const auto& output : graph.output())
        if (output.name().empty() || !produced.count(output.name()))
            throw MensaError("",
                "graph output '" + output.name()
                    + "' is produced by no node, input or initializer");
}

void NodeValidator::validateNode(const onnx::NodeProto& node)
{
    for (const auto& attr : node.attribute()) {
        if (mustBePositive(attr.name()))
            checkValues(node, attr, 1);
        else if (mustBeNonNegative(attr.name())
            && node.op_type() != "Pad") // Pad crops with negatives
            checkValues(node, attr, 0);
    }
}

} // namespace mensa
