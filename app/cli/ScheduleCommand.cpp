// mensa schedule: map a model's layers onto a multi-accelerator system and lay them out in time.
#include "AtomicFile.h"
#include "CommandRegistry.h"
#include "ModelLoading.h"
#include "PipeItOutput.h"
#include "PolicyOptions.h"

#include "cost/SystemLoader.h"
#include "schedule/CostTable.h"
#include "schedule/MaeExport.h"
#include "schedule/ScheduleExport.h"
#include "schedule/TradeoffExplorer.h"
#include "util/Error.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa schedule MODEL.onnx --system mensa|edge_tpu|eyeriss_v2|FILE\n"
      "                      [--objective latency|energy|edp|weighted:W] [--pipeline N] "
      "[--pareto] [--mae] [--pipe-it]\n"
      "                      [--format table|csv|json|trace] [--out FILE]\n"
      "                      [--input-shape NAME=1x3x224x224]... [--precision int8|fp16|fp32]\n\n"
      "Chooses an accelerator for every layer (Mensa-style: each accelerator's fit for the layer\n"
      "against the cost of moving tensors between accelerators) and lays the layers out in time.\n"
      "  --objective  what the mapping minimises (default edp, the mapping policy every view,\n"
      "               command and figure shares; docs/methodology.md). weighted:W minimises\n"
      "               W*latency/L0 + (1-W)*energy/E0 (L0, E0: best single accelerator).\n"
      "  --pipeline N split the layer order into min(N, accelerators) pipeline stages on distinct\n"
      "               accelerators, balanced for throughput; several inferences in flight.\n"
      "  --pareto     the latency/energy Pareto front and a weight sweep with the Mensa Studio\n"
      "               weighted gain over the best single accelerator (table, csv or json).\n"
      "  --mae        multi-accelerator execution (Dagli & Belviranli): the front, each unit\n"
      "               alone with GPU fallback, and MAEG over the best single unit per weight\n"
      "               (e.g. --system jetson_xavier; table, csv or json; docs/processors.md).\n"
      "  --pipe-it    Pipe-it on a system of CPU clusters (hikey970): stages of contiguous "
      "layers,\n"
      "               each on some cores of one cluster, balanced for throughput; compared with "
      "the\n"
      "               best single cluster and all cores data-parallel (docs/pipeit.md).\n"
      "  --format     table (default), csv (events), json (full schedule) or trace (Chrome /\n"
      "               Perfetto trace JSON; single-accelerator baselines as extra processes).\n"
      "  --out FILE   write there (atomically) instead of standard output.\n"
      "See docs/scheduling.md. Exit codes: 0 ok, 1 failure, 2 bad arguments or input.";

int usageError(const std::string& problem)
{
    return cli::usageError("schedule", problem);
}

std::string formatOf(const CliArgs& args)
{
    std::string format = args.valueOr("format", "table");
    if (format != "table" && format != "csv" && format != "json" && format != "trace")
        throw MensaError("", "unknown format '" + format + "' (use table, csv, json or trace)");
    if (format == "trace" && args.has("pareto"))
        throw MensaError("", "--pareto has no trace format (use table, csv or json)");
    if (args.has("pareto") && args.has("pipeline"))
        throw MensaError("", "--pareto and --pipeline cannot be combined");
    if (args.has("mae")
        && (args.has("pareto") || args.has("pipeline") || args.has("pipe-it") || format == "trace"))
        throw MensaError(
            "", "--mae combines with neither --pareto, --pipeline, --pipe-it nor --format trace");
    if (args.has("pipe-it") && (args.has("pareto") || args.has("pipeline")))
        throw MensaError("", "--pipe-it cannot be combined with --pareto or --pipeline");
    return format;
}

// Each accelerator running the whole model alone, under the same policy.
std::vector<Schedule> singleBaselines(
    const Model& model, const AcceleratorSystem& system, const MappingPolicy& policy)
{
    std::vector<Schedule> out;
    if (system.accelerators.size() < 2)
        return out;
    for (const auto& accelerator : system.accelerators) {
        DesignRun run = runOnDesign(model, AcceleratorSystem::of(accelerator), policy);
        if (run.cost.unmappedLayers
            == 0) // an accelerator that cannot run some layer has no baseline
            out.push_back(std::move(run.schedule));
    }
    return out;
}

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

// The table view adds the single-accelerator baselines.
std::string tableReport(const Model& model, const AcceleratorSystem& system, const Schedule& s,
    const std::vector<Schedule>& baselines)
{
    std::string out = scheduleToTable(s, model);
    if (baselines.size() > 1 || (baselines.size() == 1 && system.accelerators.size() > 1)) {
        out += "\nSingle-accelerator baselines:\n";
        for (const auto& b : baselines)
            out += "  " + b.strategy + ": " + number(b.latency * 1e3) + " ms, "
                + number(b.energy * 1e3) + " mJ (" + number(b.latency / s.latency) + "x latency, "
                + number(b.energy / s.energy) + "x energy of " + s.strategy + ")\n";
    }
    return out;
}

// --mae: layers costed alone, as --pareto (docs/processors.md).
std::string renderMae(
    const std::string& format, const Model& model, const AcceleratorSystem& system)
{
    CostTable table = buildCostTable(model, system);
    MaeReport report = MaeExplorer(11).explore(model, table);
    if (format == "csv")
        return maeToCsv(report, model, table.acceleratorNames);
    return format == "json" ? maeToJson(report, model, table.acceleratorNames)
                            : maeToTable(report, model, table.acceleratorNames);
}

std::string render(const CliArgs& args, const Model& model, const AcceleratorSystem& system)
{
    const std::string format = formatOf(args);
    if (args.has("mae"))
        return renderMae(format, model, system);
    if (args.has("pipe-it"))
        return renderPipeIt(model, system, format);
    if (args.has("pareto")) {
        CostTable table = buildCostTable(model, system); // layers costed alone (docs/scheduling.md)
        TradeoffReport report = TradeoffExplorer(11).explore(model, table);
        if (format == "csv")
            return tradeoffToCsv(report, table.acceleratorNames);
        return format == "json" ? tradeoffToJson(report, table.acceleratorNames)
                                : tradeoffToTable(report, table.acceleratorNames);
    }
    const DesignRun run = runOnDesign(model, system, policyFromArgs(args));
    const Schedule& s = run.schedule;
    if (format == "csv")
        return runHeaderComment(run) + scheduleToCsv(s, model);
    if (format == "json")
        return scheduleToJson(s, model);
    std::vector<Schedule> baselines = singleBaselines(model, system, run.policy);
    if (format == "table")
        return tableReport(model, system, s, baselines);
    std::vector<const Schedule*> all = { &s };
    for (const auto& b : baselines)
        all.push_back(&b);
    return scheduleToChromeTrace(all, model);
}

int runSchedule(const CliArgs& args)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(),
        { "system", "objective", "pipeline", "pareto", "mae", "pipe-it", "format", "out" });
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().size() != 1)
        return usageError(
            args.positional().empty() ? "missing MODEL argument" : "expects exactly one MODEL");
    if (!args.value("system"))
        return usageError("missing --system (mensa, edge_tpu, eyeriss_v2 or a spec file)");
    std::string output;
    try {
        formatOf(args); // reject bad options before the slow work
        policyFromArgs(args);
        Model model = loadModelFromArgs(args, args.positional().front());
        printWarnings(model, "schedule", std::cerr);
        AcceleratorSystem system = loadSystem(*args.value("system"));
        output = render(args, model, system);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa schedule: " << e.what() << "\n";
        return 2;
    }
    if (auto out = args.value("out")) {
        try {
            writeFileAtomically(*out, output);
        }
        catch (const MensaError& e) {
            std::cerr << "mensa schedule: " << e.what() << "\n";
            return 1;
        }
        return 0;
    }
    std::cout << output;
    return std::cout.good() ? 0 : 1;
}

const CommandRegistration kRegistration("schedule",
    { "map layers onto a multi-accelerator system and time them", kUsage, runSchedule,
        { "pareto", "mae", "pipe-it" } });

} // namespace
} // namespace mensa::cli
