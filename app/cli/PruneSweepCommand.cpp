// mensa prune-sweep: speedup and energy against the pruning ratio for each design and
// granularity: the table and CSV here, the figure drawn by mensa-figures prune-figures.
#include "AtomicFile.h"
#include "CommandRegistry.h"
#include "FigureRenderer.h"
#include "PolicyOptions.h"

#include "prune/PruneSweep.h"
#include "util/Error.h"
#include "util/TextFormat.h"

#include <filesystem>
#include <iostream>
#include <sstream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa prune-sweep MODEL.onnx --out DIR [--designs D1,D2,...]\n"
      "                         [--granularities element,channel,array] [--ratios R1,R2,...]\n"
      "                         [--objective latency|energy|edp|weighted:W] [--tables-only]\n\n"
      "Prunes MODEL at each ratio and granularity (as mensa prune does; array uses each\n"
      "design's array width), runs every pruned model on every design and writes\n"
      "  DIR/prune_sweep.csv  ratio, weights and MACs removed, latency, energy, speedup and\n"
      "                       energy saving over the unpruned model, per design and granularity\n"
      "  DIR/figures/prune_speedup.{pdf,svg,png,csv}  speedup against the fraction of weights\n"
      "                       removed (skipped by --tables-only and in a build without the GUI\n"
      "                       libraries)\n"
      "Designs are built-in names or spec files (default edge_tpu,eyeriss_v2,mensa); ratios\n"
      "default to 0.1,...,0.8. Exit codes: 0 ok, 1 a file could not be written, 2 bad input.";

int usageError(const std::string& problem)
{
    return cli::usageError("prune-sweep", problem);
}

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
        if (!item.empty())
            items.push_back(item);
    if (items.empty())
        throw MensaError("", "empty list '" + text + "'");
    return items;
}

PruneSweepOptions optionsFromArgs(const CliArgs& args)
{
    PruneSweepOptions options;
    if (auto designs = args.value("designs"))
        options.designs = splitList(*designs);
    if (auto list = args.value("granularities")) {
        options.granularities.clear();
        for (const auto& g : splitList(*list))
            options.granularities.push_back(parseGranularity(g));
    }
    if (auto list = args.value("ratios")) {
        options.ratios.clear();
        for (const auto& text : splitList(*list)) {
            const auto r = parseNumber(text);
            if (!r || !(*r >= 0 && *r < 1))
                throw MensaError("", "--ratios: '" + text + "' is not a ratio in [0, 1)");
            options.ratios.push_back(*r);
        }
    }
    options.policy = policyFromArgs(args);
    return options;
}

void printTable(const PruneSweep& sweep)
{
    std::cout << "design       granularity  ratio  weights-removed  speedup  energy-saving\n";
    for (const auto& p : sweep.points)
        if (p.ratio > 0)
            std::cout << p.design << std::string(13 - std::min<size_t>(12, p.design.size()), ' ')
                      << granularityName(p.granularity)
                      << std::string(13 - std::string(granularityName(p.granularity)).size(), ' ')
                      << formatNumber(p.ratio, "%5.2f") << "  "
                      << formatNumber(100 * p.weightsRemoved, "%14.1f%%") << "  "
                      << formatNumber(p.speedup, "%6.2fx") << "  "
                      << formatNumber(p.energySaving, "%12.2fx") << "\n";
}

int runPruneSweepCommand(const CliArgs& args)
{
    std::vector<std::string> known { "out", "designs", "granularities", "ratios", "tables-only" };
    for (const auto& o : policyOptions())
        known.push_back(o);
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().size() != 1)
        return usageError("give exactly one MODEL.onnx");
    const auto out = args.value("out");
    if (!out || out->empty())
        return usageError("--out DIR is required");
    PruneSweep sweep;
    try {
        const std::string& path = args.positional().front();
        sweep = mensa::runPruneSweep(readModelWithWeights(path), path, optionsFromArgs(args));
    }
    catch (const MensaError& e) {
        std::cerr << "mensa prune-sweep: " << e.what() << "\n";
        return 2;
    }
    const std::string csv = (std::filesystem::path(*out) / "prune_sweep.csv").string();
    try {
        std::filesystem::create_directories(*out);
        writeFileAtomically(csv, pruneSweepCsv(sweep));
    }
    catch (const std::exception& e) {
        std::cerr << "mensa prune-sweep: " << e.what() << "\n";
        return 1;
    }
    printTable(sweep);
    std::cout << "wrote " << csv << "\n";
    if (args.has("tables-only"))
        return 0;
    if (figureRendererPath().empty()) {
        std::cerr << "mensa prune-sweep: no figures: " << figureRendererMissing() << "\n";
        return 0;
    }
    return runFigureRenderer("prune-figures", { *out });
}

const CommandRegistration kRegistration("prune-sweep",
    { "speedup and energy against the pruning ratio per design and granularity", kUsage,
        runPruneSweepCommand, { "tables-only" } });

} // namespace
} // namespace mensa::cli
