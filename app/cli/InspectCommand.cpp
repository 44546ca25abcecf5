// mensa inspect: the per-layer characterisation of a model (the axes of the Mensa study).
#include "CommandRegistry.h"
#include "ModelLoading.h"
#include "TableFormat.h"
#include "util/JsonString.h"
#include "util/TextFormat.h"

#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa inspect MODEL.onnx [--input-shape NAME=1x3x224x224]... [--precision "
      "int8|fp16|fp32]\n"
      "                     [--format table|csv|json]\n\n"
      "Prints every layer of the model after fusion (BatchNorm and activations folded into the\n"
      "preceding convolution or FC): kind, MACs, parameters, bytes moved, FLOP per byte and\n"
      "parameter reuse, then model totals. Byte figures use --precision (int8 by default).\n"
      "--input-shape fixes a graph input with dynamic dimensions (repeat for several inputs).\n"
      "Exit codes: 0 ok, 2 bad arguments or a model that cannot be read.";

std::string fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return nonFiniteText(value);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i)
        out += (i ? sep : "") + parts[i];
    return out;
}

std::string shapeText(const Model& model, const Layer& layer)
{
    if (layer.outputs.empty())
        return "";
    const TensorInfo* t = model.tensor(layer.outputs[0]);
    if (!t)
        return "";
    std::vector<std::string> dims;
    for (int64_t d : t->shape)
        dims.push_back(std::to_string(d));
    return dims.empty() ? "scalar" : join(dims, "x");
}

TableFormat layerTable(const Model& model)
{
    TableFormat table;
    for (const char* name : { "layer", "kind", "op", "fused" })
        table.addColumn(name);
    for (const char* name : { "macs", "vector_ops", "params", "param_bytes", "in_act_bytes",
             "out_act_bytes", "flop_per_byte", "param_reuse" })
        table.addColumn(name, true);
    table.addColumn("output_shape");
    for (const auto& layer : model.layers) {
        const LayerMetrics& m = layer.metrics;
        table.addRow({ layer.name, std::string(toString(layer.kind)), layer.opType,
            join(layer.fusedOps, "+"), std::to_string(m.macs), std::to_string(m.vectorOps),
            std::to_string(m.params), std::to_string(m.paramBytes), std::to_string(m.inputActBytes),
            std::to_string(m.outputActBytes), fixed(m.flopPerByte, 2), fixed(m.paramReuse, 1),
            shapeText(model, layer) });
    }
    return table;
}

void printText(const Model& model, const ModelTotals& t)
{
    std::cout << "model: " << model.name << " (" << model.sourcePath << ")\n\n"
              << layerTable(model).toText();
    std::cout << "\ntotal: " << t.layers << " layers (" << t.computeLayers << " compute), "
              << t.macs << " MACs, " << t.params << " params, " << t.paramBytes << " param bytes, "
              << t.activationBytes << " activation bytes\n";
}

void printCsv(const Model& model, const ModelTotals& t)
{
    TableFormat table = layerTable(model);
    table.addRow({ "TOTAL", "", "", "", std::to_string(t.macs), "", std::to_string(t.params),
        std::to_string(t.paramBytes), "", "", "", "", "" });
    std::cout << table.toCsv();
}

void printJson(const Model& model, const ModelTotals& t)
{
    std::cout << "{\n  \"model\": " << jsonQuote(model.name)
              << ",\n  \"file\": " << jsonQuote(model.sourcePath)
              << ",\n  \"layers\": " << layerTable(model).toJson(2)
              << ",\n  \"totals\": {\"layers\": " << t.layers
              << ", \"compute_layers\": " << t.computeLayers << ", \"macs\": " << t.macs
              << ", \"params\": " << t.params << ", \"param_bytes\": " << t.paramBytes
              << ", \"activation_bytes\": " << t.activationBytes << "}\n}\n";
}

int usageError(const std::string& problem)
{
    return cli::usageError("inspect", problem);
}

int runInspect(const CliArgs& args)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.push_back("format");
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().size() != 1)
        return usageError(
            args.positional().empty() ? "missing MODEL argument" : "expects exactly one MODEL");
    auto style = parseTableStyle(args.valueOr("format", "table"));
    if (!style)
        return usageError(
            "unknown format '" + args.valueOr("format", "") + "' (use table, csv or json)");
    const std::string& path = args.positional().front();
    Model model;
    try {
        model = loadModelFromArgs(args, path);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa inspect: " << e.what() << "\n";
        return 2;
    }
    printWarnings(model, "inspect", std::cerr);
    ModelTotals t = totals(model);
    if (*style == TableStyle::Csv)
        printCsv(model, t);
    else if (*style == TableStyle::Json)
        printJson(model, t);
    else
        printText(model, t);
    return 0;
}

const CommandRegistration kRegistration(
    "inspect", { "per-layer MACs, parameters, bytes and reuse of a model", kUsage, runInspect });

} // namespace
} // namespace mensa::cli
