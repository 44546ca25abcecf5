#include "onnx/OpsetUpgrader.h"

#include "util/Error.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>
#include <onnx/version_converter/convert.h>

#include <unordered_set>

namespace mensa {
namespace {

std::string firstLine(const std::string& text)
{
    std::string line = text.substr(0, text.find('\n'));
    return line.size() > 200 ? line.substr(0, 200) + "..." : line;
}

// The converter works on the IR of those opsets, where every initializer is also a graph input.
void declareInitializersAsInputs(onnx::GraphProto& graph)
{
    std::unordered_set<std::string> inputs;
    for (const auto& input : graph.input())
        inputs.insert(input.name());
    for (const auto& init : graph.initializer()) {
        if (inputs.count(init.name()))
            continue;
        auto* input = graph.add_input();
        input->set_name(init.name());
        auto* type = input->mutable_type()->mutable_tensor_type();
        type->set_elem_type(init.data_type());
        for (int64_t d : init.dims())
            type->mutable_shape()->add_dim()->set_dim_value(d);
    }
}

} // namespace

std::string OpsetUpgrader::upgradeIfOld(onnx::ModelProto& model, int opset)
{
    if (opset >= kMinOpset)
        return {};
    std::string from = std::to_string(opset);
    std::string to = std::to_string(kMinOpset);
    try {
        declareInitializersAsInputs(*model.mutable_graph());
        // Broadcast adapters need the shapes of intermediate tensors (best effort: error mode 0).
        onnx::ShapeInferenceOptions options(false, 0, false);
        onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
        onnx::ModelProto upgraded = onnx::version_conversion::ConvertVersion(model, kMinOpset);
        model = std::move(upgraded);
    }
    catch (const std::exception& e) {
        throw MensaError("",
            "opset " + from + " is older than " + to
                + " and ONNX's version converter could not upgrade it: " + firstLine(e.what()));
    }
    return "upgraded from opset " + from + " to " + to + " by the ONNX version converter";
}

} // namespace mensa
