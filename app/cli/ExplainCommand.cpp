// mensa explain: why one layer costs what it costs on a design (the GUI's "Explain this
// layer" text, from core's explainLayer over the design run's own cost results).
#include "CommandRegistry.h"
#include "ModelLoading.h"
#include "PolicyOptions.h"

#include "analysis/Analysis.h"
#include "analysis/LayerExplanation.h"
#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "util/Error.h"

#include <iostream>
#include <memory>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa explain MODEL.onnx LAYER --accel edge_tpu|eyeriss_v2|mensa|SPEC.textproto\n"
      "                     [--input-shape NAME=1x3x224x224]... [--precision int8|fp16|fp32]\n"
      "                     [--objective latency|energy|edp|weighted:W]\n\n"
      "Explains one layer (its name or its index in `mensa inspect`) on a design: the fold\n"
      "arithmetic on the PE array (GEMM Sr x T x N, rows and columns mapped, folds, load,\n"
      "fill/drain and stream cycles), why it is compute- or memory-bound, where its energy\n"
      "goes, and what the other built-in designs would change. Every number is the cost\n"
      "model's own result for the layer, as `mensa simulate` and the GUI show it.\n"
      "Exit codes: 0 ok, 2 bad arguments, model, spec or layer.";

// Index of the layer named `key`, or with index `key`; MensaError when there is none.
size_t findLayer(const Model& model, const std::string& key)
{
    for (size_t i = 0; i < model.layers.size(); ++i)
        if (model.layers[i].name == key)
            return i;
    if (!key.empty() && key.find_first_not_of("0123456789") == std::string::npos && key.size() < 10
        && std::stoul(key) < model.layers.size())
        return std::stoul(key);
    throw MensaError(model.name, "no layer named '" + key + "' (see mensa inspect)");
}

// The layer's cost on a run, with the accelerator the run chose for it.
LayerOnDesign onDesign(
    const std::string& design, const AcceleratorSystem& system, const DesignRun& run, size_t i)
{
    const int acc = run.cost.assignment[i];
    return { design, system.accelerators[size_t(acc)]->name(), &run.cost.layers[i] };
}

struct Run {
    std::string design;
    AcceleratorSystem system;
    std::unique_ptr<DesignRun> run;
};

int runExplain(const CliArgs& args)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(), { "accel", "objective" });
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("explain", "unknown option --" + unknown.front());
    if (args.positional().size() != 2)
        return usageError("explain", "expects MODEL and LAYER");
    if (!args.has("accel"))
        return usageError("explain", "missing --accel (edge_tpu, eyeriss_v2, mensa or a spec)");
    try {
        const MappingPolicy policy = policyFromArgs(args);
        const std::string chosen = *args.value("accel");
        const Model model = loadModelFromArgs(args, args.positional()[0]);
        printWarnings(model, "explain", std::cerr);
        const size_t layer = findLayer(model, args.positional()[1]);
        std::vector<Run> runs;
        runs.push_back({ chosen, loadSystem(chosen), nullptr });
        for (const std::string& other : defaultDesignNames())
            if (other != chosen)
                runs.push_back({ other, loadSystem(other), nullptr });
        for (Run& r : runs)
            r.run = std::make_unique<DesignRun>(runOnDesign(model, r.system, policy));
        std::vector<LayerOnDesign> others;
        for (size_t i = 1; i < runs.size(); ++i)
            others.push_back(onDesign(runs[i].system.name, runs[i].system, *runs[i].run, layer));
        const LayerOnDesign picked
            = onDesign(runs[0].system.name, runs[0].system, *runs[0].run, layer);
        std::cout << explainLayer(model.layers[layer], picked, others).text();
    }
    catch (const MensaError& e) {
        std::cerr << "mensa explain: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

const CommandRegistration kRegistration(
    "explain", { "why one layer costs what it costs on a design", kUsage, runExplain });

} // namespace
} // namespace mensa::cli
