#include "onnx/OnnxImporter.h"

#include "analysis/Characterizer.h"
#include "onnx/GraphTranslator.h"
#include "onnx/InputShapeResolver.h"
#include "onnx/LayerFuser.h"
#include "onnx/NodeSorter.h"
#include "onnx/NodeValidator.h"
#include "onnx/OnnxModelReader.h"
#include "onnx/OperatorTable.h"
#include "onnx/OpsetUpgrader.h"
#include "onnx/QdqFolder.h"
#include "onnx/ShapeDiagnosis.h"
#include "onnx/ShapeFolder.h"
#include "onnx/TensorCatalog.h"
#include "onnx/WeightDataScanner.h"
#include "onnx/WeightDensity.h"
#include "util/Error.h"

#include <google/protobuf/arena.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <new>

namespace mensa {
namespace {

std::string firstLine(const std::string& text)
{
    std::string line = text.substr(0, text.find('\n'));
    constexpr size_t kMax = 300;
    return line.size() > kMax ? line.substr(0, kMax) + "..." : line;
}

std::string unknownOpsWarning(const std::vector<Layer>& layers)
{
    std::map<std::string, int> counts;
    for (const auto& layer : layers)
        if (layer.unknownOp)
            ++counts[layer.opType];
    if (counts.empty())
        return {};
    std::string list;
    for (const auto& [op, count] : counts)
        list += (list.empty() ? "" : ", ") + op
            + (count > 1 ? " (x" + std::to_string(count) + ")" : "");
    return "operators not modelled, counted with zero MACs: " + list;
}

// Every tensor a layer touches must have a static shape; copy those into the model.
void collectTensors(const TensorCatalog& catalog, Model& model)
{
    auto add = [&](const std::string& name) {
        if (!model.tensors.count(name))
            model.tensors.emplace(name, catalog.resolved(name));
    };
    for (const auto& layer : model.layers) {
        for (const auto& name : layer.inputs)
            add(name);
        for (const auto& name : layer.params)
            add(name);
        for (const auto& name : layer.outputs)
            add(name);
    }
    for (const auto& name : model.graphInputs)
        add(name);
}

// Optional outputs nobody reads (LSTM Y_h, MaxPool indices...) may stay without a shape.
void dropUnusedUnresolvedOutputs(
    const TensorCatalog& catalog, const onnx::GraphProto& graph, std::vector<Layer>& layers)
{
    std::unordered_set<std::string> used;
    for (const auto& node : graph.node())
        used.insert(node.input().begin(), node.input().end());
    for (const auto& out : graph.output())
        used.insert(out.name());
    for (auto& layer : layers) {
        for (size_t i = layer.outputs.size(); i-- > 1;) {
            const std::string& name = layer.outputs[i];
            if (used.count(name))
                continue;
            try {
                catalog.resolved(name);
            }
            catch (const MensaError&) {
                layer.outputs.erase(layer.outputs.begin() + static_cast<long>(i));
            }
        }
    }
}

// Graph inputs read only as weights (models that declare weights as inputs, without
// initializers) are parameters, not activations fed from outside.
std::unordered_set<std::string> weightInputs(
    const onnx::GraphProto& graph, const TensorCatalog& catalog)
{
    std::unordered_map<std::string, bool> onlyWeights;
    for (const auto& input : graph.input())
        if (!catalog.isConstant(input.name()))
            onlyWeights[input.name()] = true;
    for (const auto& node : graph.node()) {
        bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
        for (int i = 0; i < node.input_size(); ++i) {
            auto it = onlyWeights.find(node.input(i));
            if (it == onlyWeights.end())
                continue;
            const TensorInfo* t = catalog.find(it->first);
            size_t rank = t ? t->shape.size() : 0;
            it->second = it->second && defaultDomain
                && OperatorTable::isWeightOperand(node.op_type(), i, rank);
        }
    }
    for (const auto& out : graph.output())
        onlyWeights.erase(out.name());
    std::unordered_set<std::string> result;
    for (const auto& [name, weight] : onlyWeights)
        if (weight)
            result.insert(name);
    return result;
}

std::vector<std::string> activationInputs(
    const onnx::GraphProto& graph, const TensorCatalog& catalog)
{
    std::vector<std::string> inputs;
    for (const auto& input : graph.input())
        if (!catalog.isConstant(input.name()))
            inputs.push_back(input.name());
    return inputs;
}

std::string modelName(const onnx::GraphProto& graph, const std::string& displayName)
{
    std::string stem = std::filesystem::path(displayName).stem().string();
    return stem.empty() ? graph.name() : stem;
}

Model translateModel(onnx::ModelProto& proto, const std::string& displayName,
    const ImportOptions& options, const std::string& baseDir);

// An unknown shape is reported with the node where shape inference stopped and why.
Model buildModel(onnx::ModelProto& proto, const std::string& displayName,
    const ImportOptions& options, const std::string& baseDir)
{
    try {
        return translateModel(proto, displayName, options, baseDir);
    }
    catch (const UnresolvedShapeError& e) {
        const std::string why = diagnoseUnresolved(proto, e.tensor());
        throw MensaError("", why.empty() ? e.problem() : e.problem() + ": " + why);
    }
}

Model translateModel(onnx::ModelProto& proto, const std::string& displayName,
    const ImportOptions& options, const std::string& baseDir)
{
    int opset = OnnxModelReader::validate(proto);
    Model model;
    model.name = modelName(proto.graph(), displayName);
    WeightDataScanner weights(baseDir);
    weights.scan(*proto.mutable_graph());
    InputShapeResolver resolver(options.inputShapes);
    resolver.apply(*proto.mutable_graph());
    NodeSorter::sort(*proto.mutable_graph());
    NodeValidator::validate(proto.graph());
    // After sorting and the attribute checks: the converter builds ONNX's IR and runs inference.
    std::string upgrade = OpsetUpgrader::upgradeIfOld(proto, opset);
    onnx::GraphProto& graph = *proto.mutable_graph();
    const std::string qdq = QdqFolder::fold(graph);
    ShapeFolder::inferShapes(proto);

    TensorCatalog catalog(graph);
    for (const auto& name : weightInputs(graph, catalog))
        catalog.markConstant(name);
    GraphTranslator translator(catalog, std::max(opset, OpsetUpgrader::kMinOpset));
    std::vector<Layer> layers = translator.translate(graph);
    dropUnusedUnresolvedOutputs(catalog, graph, layers);
    model.graphInputs = activationInputs(graph, catalog);
    for (const auto& out : graph.output())
        model.graphOutputs.push_back(out.name());
    auto elementCount = [&catalog](const std::string& tensor) {
        const TensorInfo* t = catalog.find(tensor);
        return t ? t->elementCount() : int64_t(-1);
    };
    model.layers = LayerFuser(model.graphOutputs, elementCount).fuse(std::move(layers));
    collectTensors(catalog, model);
    model.rebuildIndex();
    for (const std::string& warning : { upgrade, qdq, weights.warning(declaresShapesOnly(proto)),
             resolver.warning(), unknownOpsWarning(model.layers) })
        if (!warning.empty())
            model.warnings.push_back(warning);
    model.warnings.insert(
        model.warnings.end(), translator.warnings().begin(), translator.warnings().end());
    characterize(model, CharacterizeOptions { options.bytesPerElement });
    applyWeightDensity(proto, model);
    return model;
}

// The parsed model and everything added to it while importing live on one arena: a large
// graph's many small messages are then allocated in blocks and freed at once.
class ProtoArena {
public:
    ProtoArena()
        : m_arena(options())
        , m_model(google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&m_arena))
    {
    }
    onnx::ModelProto& model() { return *m_model; }

private:
    static google::protobuf::ArenaOptions options()
    {
        google::protobuf::ArenaOptions o;
        o.start_block_size = 64 * 1024;
        o.max_block_size = 4 * 1024 * 1024;
        return o;
    }
    google::protobuf::Arena m_arena;
    onnx::ModelProto* m_model;
};

// Runs `step`, turning every failure into one MensaError line that names the file.
template <typename Step> Model guarded(const std::string& displayName, Step step)
{
    try {
        return step();
    }
    catch (const MensaError& e) {
        throw MensaError(displayName, e.problem());
    }
    catch (const std::bad_alloc&) {
        throw MensaError(displayName, "out of memory while importing the model");
    }
    catch (const std::exception& e) {
        throw MensaError(displayName, "invalid model: " + firstLine(e.what()));
    }
}

} // namespace

void parseInputShapeOverride(const std::string& text, ImportOptions& options)
{
    auto eq = text.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw MensaError("", "input shape '" + text + "' is not of the form name=1x3x224x224");
    std::string name = text.substr(0, eq);
    std::vector<int64_t> dims;
    const char* p = text.data() + eq + 1;
    const char* end = text.data() + text.size();
    while (p < end) {
        int64_t d = 0;
        auto [next, ec] = std::from_chars(p, end, d);
        if (ec != std::errc() || d <= 0 || (next != end && *next != 'x' && *next != 'X'))
            throw MensaError("",
                "input shape '" + text + "' needs positive integer dimensions separated by 'x'");
        dims.push_back(d);
        p = next == end ? end : next + 1;
        if (next != end && p == end)
            throw MensaError("", "input shape '" + text + "' ends with 'x'");
    }
    options.inputShapes[name] = std::move(dims);
}

int bytesPerElementForPrecision(const std::string& precision)
{
    if (precision == "int8")
        return 1;
    if (precision == "fp16")
        return 2;
    if (precision == "fp32")
        return 4;
    throw MensaError("", "unknown precision '" + precision + "' (use int8, fp16 or fp32)");
}

Model importOnnxFile(const std::string& path, const ImportOptions& options)
{
    return guarded(path, [&] {
        ProtoArena arena;
        onnx::ModelProto& proto = arena.model();
        OnnxModelReader::parseFileInto(path, proto);
        std::string baseDir = std::filesystem::absolute(path).parent_path().string();
        Model model = buildModel(proto, path, options, baseDir);
        model.sourcePath = path;
        return model;
    });
}

std::vector<DeclaredInput> declaredInputs(const std::string& path)
{
    try {
        ProtoArena arena;
        OnnxModelReader::parseFileInto(path, arena.model());
        return InputShapeResolver::describeInputs(arena.model().graph());
    }
    catch (const MensaError& e) {
        throw MensaError(path, e.problem());
    }
}

Model importOnnxBytes(const std::string& bytes, const std::string& displayName,
    const ImportOptions& options, const std::string& baseDir)
{
    return guarded(displayName, [&] {
        ProtoArena arena;
        onnx::ModelProto& proto = arena.model();
        OnnxModelReader::parseBytesInto(bytes, proto);
        return buildModel(proto, displayName, options, baseDir);
    });
}

} // namespace mensa
