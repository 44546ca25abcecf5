#include "onnx/NodeValidator.h"

#include "util/Error.h"

#include <string>

namespace mensa {
namespace {

std::string nodeName(const onnx::NodeProto& node)
{
    return "node '" + node.name() + "' (" + node.op_type() + ")";
}

// Attributes whose every value must be positive (they divide or count).
bool mustBePositive(const std::string& name)
{
    return name == "strides" || name == "dilations" || name == "kernel_shape" || name == "group" ||
           name == "blocksize" || name == "hidden_size" || name == "size";
}

bool mustBeNonNegative(const std::string& name)
{
    return name == "pads" || name == "output_padding";
}

void checkValues(const onnx::NodeProto& node, const onnx::AttributeProto& attr, int64_t minimum)
{
    auto fail = [&](int64_t v) {
        throw MensaError("", nodeName(node) + ": attribute " + attr.name() + " has the invalid value " +
                                 std::to_string(v));
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
    for (const auto& node : graph.node()) {
        if (node.domain().empty() || node.domain() == "ai.onnx")
            validateNode(node);
        for (const auto& attr : node.attribute()) // If/Loop/Scan bodies are shape-inferred too
            if (attr.has_g())
                validate(attr.g());
    }
}

void NodeValidator::validateNode(const onnx::NodeProto& node)
{
    for (const auto& attr : node.attribute()) {
        if (mustBePositive(attr.name()))
            checkValues(node, attr, 1);
        else if (mustBeNonNegative(attr.name()) && node.op_type() != "Pad") // Pad crops with negatives
            checkValues(node, attr, 0);
    }
}

} // namespace mensa
