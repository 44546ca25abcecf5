// mensa prune: writes a pruned copy of an ONNX model (element, channel or array granularity).
#include "AtomicFile.h"
#include "CommandRegistry.h"

#include "cost/SystemLoader.h"
#include "model/Model.h"
#include "onnx/OnnxImporter.h"
#include "prune/ModelPruner.h"
#include "prune/PruneSweep.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/TextFormat.h"

#include <filesystem>
#include <iostream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa prune MODEL.onnx (--ratio R | --per-layer FILE)\n"
      "                   --granularity element|channel|array [--accel DESIGN] --out "
      "PRUNED.onnx\n\n"
      "Writes a pruned copy of MODEL (docs/pruning.md):\n"
      "  element  the smallest-magnitude fraction R of each layer's weights become zero; shapes\n"
      "           stay and the model records each weight's density (mensa.weight_density:W),\n"
      "           which designs with zero skipping (spec sparsity.enabled) use\n"
      "  channel  the fraction R of each layer's output channels (lowest L1 norm) is removed\n"
      "           with the matching input channels of every consumer; channels joined by an\n"
      "           Add or Mul are pruned identically, Concat offsets and depthwise groups follow\n"
      "  array    channel pruning with the kept channels of each layer rounded to the nearest\n"
      "           multiple of the array width (at least one tile; layers of at most one tile\n"
      "           are left alone); the width is the widest systolic array of --accel (default\n"
      "           edge_tpu: 64)\n"
      "--ratio R in [0, 1) applies to every layer with weights (layers that feed a graph output\n"
      "or that something else blocks keep their channels and are listed); --per-layer FILE has\n"
      "one 'LAYER RATIO' per line (node name or its first output; '#' comments) and prunes only\n"
      "those layers, refusing a layer something blocks. Weights are sliced when the model holds\n"
      "them (embedded or external data beside it); otherwise only shapes change and the\n"
      "external data is named PRUNED.weights.bin (not written). Shapes are inferred again.\n"
      "Exit codes: 0 ok, 1 the file could not be written, 2 bad arguments or model.";

int usageError(const std::string& problem)
{
    return cli::usageError("prune", problem);
}

double parseRatio(const std::string& text)
{
    const auto r = parseNumber(text);
    if (!r)
        throw MensaError("", "--ratio '" + text + "' is not a number");
    if (!(*r >= 0 && *r < 1))
        throw MensaError("", "--ratio " + text + " is outside [0, 1)");
    return *r;
}

PruneRequest requestFromArgs(const CliArgs& args, const std::string& out)
{
    PruneRequest request;
    request.granularity = parseGranularity(args.valueOr("granularity", ""));
    if (auto ratio = args.value("ratio"))
        request.ratio = parseRatio(*ratio);
    if (auto file = args.value("per-layer")) {
        request.perLayer = parsePerLayerRatios(readRegularFile(*file, 16u << 20), *file);
        request.perLayerSource = *file;
    }
    if (request.granularity == PruneGranularity::Array || args.has("accel"))
        request.arrayWidth = arrayWidthOf(loadSystem(args.valueOr("accel", "edge_tpu")));
    request.externalLocation = std::filesystem::path(out).stem().string() + ".weights.bin";
    return request;
}

void printSummary(const PruneRequest& request, const PruneSummary& s, const Model& before,
    const Model& after, const std::string& out)
{
    std::cout << "pruned " << s.layersPruned << " layers (" << granularityName(request.granularity);
    if (request.granularity == PruneGranularity::Array)
        std::cout << ", array width " << request.arrayWidth;
    std::cout << "): weights " << quantityText(double(s.weightsBefore)) << " -> "
              << quantityText(double(s.weightsAfter)) << " non-zero, MACs "
              << quantityText(effectiveMacs(before)) << " -> " << quantityText(effectiveMacs(after))
              << (request.granularity == PruneGranularity::Element ? " effective" : "") << "\n";
    for (const auto& note : s.notes)
        std::cout << "note: " << note << "\n";
    std::cout << "wrote " << out << "\n";
}

int runPrune(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions({ "ratio", "per-layer", "granularity", "accel", "out" });
        !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().size() != 1)
        return usageError("give exactly one MODEL.onnx");
    if (args.has("ratio") == args.has("per-layer"))
        return usageError("give either --ratio R or --per-layer FILE");
    const auto out = args.value("out");
    if (!out || out->empty())
        return usageError("--out PRUNED.onnx is required");
    if (!args.has("granularity"))
        return usageError("--granularity element|channel|array is required");
    const std::string& path = args.positional().front();
    std::string bytes;
    PruneRequest request;
    PruneResult result;
    Model before, after;
    try {
        request = requestFromArgs(args, *out);
        const onnx::ModelProto model = readModelWithWeights(path);
        result = pruneModel(model, request, path);
        bytes = result.model.SerializeAsString();
        before = importOnnxFile(path);
        after = importOnnxBytes(bytes, *out); // the pruned model must import here
    }
    catch (const MensaError& e) {
        std::cerr << "mensa prune: " << e.what() << "\n";
        return 2;
    }
    try {
        writeFileAtomically(*out, bytes);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa prune: " << e.what() << "\n";
        return 1;
    }
    printSummary(request, result.summary, before, after, *out);
    return 0;
}

const CommandRegistration kRegistration("prune",
    { "write a pruned copy of a model (element, channel or array granularity)", kUsage, runPrune });

} // namespace
} // namespace mensa::cli
