// mensa simulate: per-layer and whole-model cost of a model on an accelerator or system.
#include "CommandRegistry.h"
#include "ModelLoading.h"
#include "PolicyOptions.h"
#include "TableFormat.h"
#include "util/JsonString.h"
#include "util/TextFormat.h"

#include "cost/SystemLoader.h"
#include "mapping/DesignRun.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa simulate MODEL.onnx --accel edge_tpu|eyeriss_v2|mensa|SPEC.textproto\n"
      "                      [--input-shape NAME=1x3x224x224]... [--precision int8|fp16|fp32]\n"
      "                      [--objective latency|energy|edp|weighted:W] [--format "
      "table|csv|json]\n\n"
      "Runs every layer through the analytical cost model of the accelerator: cycles (compute,\n"
      "memory, total after overlap), utilisation, energy per component (MAC, register file,\n"
      "buffers, NoC, off-chip + DRAM, static) and whether the layer's parameters stay on chip,\n"
      "then model totals: latency, inferences/s, energy per inference, TOPS/W.\n"
      "Parameters of all layers compete for the parameter buffer (greedy in layer order); the\n"
      "rest stream from memory every inference.\n"
      "For a multi-accelerator system (e.g. mensa) layers are mapped by the mapping policy that\n"
      "every view, command and figure shares (docs/methodology.md): --objective (default edp)\n"
      "is what the mapping minimises, and on any design it also picks each layer's mapping onto\n"
      "the PE array among its legal ones; `mensa schedule` shows the same run in time. A summary\n"
      "also lists every accelerator running the whole model alone.\n"
      "--accel takes a built-in name or a spec file (an AcceleratorSpec or a SystemSpec in\n"
      "protobuf text format; see resources/accelerators and docs/methodology.md).\n"
      "Exit codes: 0 ok, 2 bad arguments, model or spec.";

std::string num(double value, int digits = 6)
{
    if (!std::isfinite(value))
        return nonFiniteText(value);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    return buf;
}

// Cycles and bytes: whole numbers.
std::string whole(double value)
{
    return std::isfinite(value) ? std::to_string(std::llround(value)) : nonFiniteText(value);
}

double micro(double value)
{
    return value * 1e6;
}

// Column stem per storage level in the CSV and JSON layer tables.
std::string levelColumn(StorageLevel level)
{
    static const char* const kStems[]
        = { "dram", "param_store", "act_store", "window_buffer", "accumulator", "register" };
    static_assert(std::size(kStems) == kStorageLevelCount);
    return kStems[static_cast<int>(level)];
}

// One row per layer; withLevels adds the bytes read and written at each storage level (CSV
// and JSON carry them; the text table stays narrow and prints the model's totals instead).
TableFormat layerTable(
    const Model& model, const AcceleratorSystem& system, const ModelCost& cost, bool withLevels)
{
    TableFormat table;
    for (const char* name : { "layer", "kind", "accelerator" })
        table.addColumn(name);
    for (const char* name : { "cycles", "compute_cycles", "memory_cycles", "latency_us",
             "utilization", "spatial_utilization", "energy_uj", "mac_uj", "register_file_uj",
             "buffer_uj", "noc_uj", "offchip_uj", "static_uj", "dram_bytes" })
        table.addColumn(name, true);
    for (const char* name : { "bound", "params_on_chip", "note" })
        table.addColumn(name);
    for (int l = 0; withLevels && l < kStorageLevelCount; ++l)
        for (const char* what : { "_read_bytes", "_write_bytes" })
            table.addColumn(levelColumn(StorageLevel(l)) + what, true);
    if (withLevels) { // the mapping each layer got, and among how many legal ones
        table.addColumn("mapping");
        table.addColumn("mapping_candidates", true);
    }
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const LayerCost& c = cost.layers[i];
        const auto& e = c.energy;
        std::vector<std::string> cells { model.layers[i].name,
            std::string(toString(model.layers[i].kind)),
            system.accelerators[cost.assignment[i]]->name(), whole(c.cycles),
            whole(c.computeCycles), whole(c.memoryCycles), num(micro(c.seconds)),
            num(c.utilization, 4), num(c.spatialUtilization, 4), num(micro(e.total())),
            num(micro(e[EnergyComponent::Mac])), num(micro(e[EnergyComponent::RegisterFile])),
            num(micro(e[EnergyComponent::Buffer])), num(micro(e[EnergyComponent::Noc])),
            num(micro(e[EnergyComponent::OffChip])), num(micro(e[EnergyComponent::Static])),
            whole(c.traffic.dramBytes), c.bound, c.parametersOnChip ? "yes" : "no",
            c.mapped ? (c.onHost ? mappingSummary(c.folds) : "") : "unmapped: " + c.failureReason };
        for (int l = 0; withLevels && l < kStorageLevelCount; ++l) {
            cells.push_back(whole(c.levels.levels[size_t(l)].reads));
            cells.push_back(whole(c.levels.levels[size_t(l)].writes));
        }
        if (withLevels) {
            cells.push_back(mappingSummary(c.folds));
            cells.push_back(whole(c.folds.mappingCandidates));
        }
        table.addRow(std::move(cells));
    }
    return table;
}

// Whole-model figures, one row per configuration (the system, then each accelerator alone).
TableFormat summaryTable(const std::vector<ModelCost>& costs)
{
    TableFormat table;
    table.addColumn("configuration");
    for (const char* name :
        { "latency_ms", "inferences_per_s", "energy_mj", "tops_per_w", "avg_utilization",
            "transfer_mj", "resident_param_bytes", "streamed_param_bytes", "unmapped_layers" })
        table.addColumn(name, true);
    for (const auto& c : costs)
        table.addRow({ c.system, num(c.latency * 1e3), num(c.inferencesPerSecond),
            num(c.energyPerInference * 1e3), num(c.topsPerWatt, 4), num(c.averageUtilization, 4),
            num(c.transferJoules * 1e3), whole(c.residentParameterBytes),
            whole(c.streamedParameterBytes), std::to_string(c.unmappedLayers) });
    return table;
}

// The design's run, then each of its accelerators running the whole model alone.
std::vector<ModelCost> summaries(
    const Model& model, const AcceleratorSystem& system, const DesignRun& chosen)
{
    std::vector<ModelCost> rows { chosen.cost };
    if (system.accelerators.size() > 1)
        for (const auto& accelerator : system.accelerators) {
            const AcceleratorSystem alone = AcceleratorSystem::of(accelerator);
            rows.push_back(runOnDesign(model, alone, chosen.policy).cost);
            rows.back().system = accelerator->name() + " alone";
        }
    return rows;
}

// The model's bytes read and written at each storage level, and the energy spent there.
std::string levelTotals(const ModelCost& cost)
{
    std::string out = "storage levels (whole model):";
    for (int l = 0; l < kStorageLevelCount; ++l) {
        const StorageAccess& level = cost.levels[StorageLevel(l)];
        const bool optional = StorageLevel(l) == StorageLevel::WindowBuffer
            || StorageLevel(l) == StorageLevel::Accumulator;
        if (optional && level.bytes() == 0)
            continue; // a design without a window buffer or an accumulator: no line for it
        out += std::string("\n  ") + std::string(level.name) + ": " + whole(level.reads)
            + " B read, " + whole(level.writes) + " B written, " + num(level.joules * 1e3, 4)
            + " mJ";
    }
    return out + "\n";
}

void printText(const Model& model, const AcceleratorSystem& system, const DesignRun& run,
    const std::vector<ModelCost>& rows)
{
    const ModelCost& cost = run.cost;
    std::cout << "model: " << model.name << "   accelerator: " << system.name << "\n";
    for (const std::string& line : runHeaderLines(run))
        std::cout << line << "\n";
    std::cout << "\n"
              << layerTable(model, system, cost, false).toText() << "\n"
              << "latency " << num(cost.latency * 1e3, 4) << " ms, "
              << num(cost.inferencesPerSecond, 4) << " inferences/s, "
              << num(cost.energyPerInference * 1e3, 4) << " mJ/inference, "
              << num(cost.topsPerWatt, 4) << " TOPS/W, average utilization "
              << num(cost.averageUtilization * 100, 3) << "%\n"
              << levelTotals(cost) << "\n"
              << summaryTable(rows).toText();
}

std::string jsonList(const std::vector<std::string>& items)
{
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + jsonQuote(items[i]);
    return out + "]";
}

// Exact (round-tripping) joules per energy component, for comparing with other outputs.
std::string componentsJson(const EnergyBreakdown& energy)
{
    std::string out = "{";
    for (int c = 0; c < kEnergyComponentCount; ++c)
        out += (c ? ", " : "") + jsonQuote(std::string(toString(EnergyComponent(c)))) + ": "
            + jsonNumber(energy.joules[size_t(c)]);
    return out + "}";
}

// The model's reads, writes (bytes) and joules per storage level, exact.
std::string levelsJson(const StorageAccesses& levels)
{
    std::string out = "[";
    for (const StorageAccess& l : levels.levels)
        out += std::string(out.size() > 1 ? ", " : "") + "{\"level\": "
            + jsonQuote(std::string(l.name)) + ", \"read_bytes\": " + jsonNumber(l.reads)
            + ", \"write_bytes\": " + jsonNumber(l.writes) + ", \"joules\": " + jsonNumber(l.joules)
            + "}";
    return out + "]";
}

void printJson(const Model& model, const AcceleratorSystem& system, const DesignRun& run,
    const std::vector<ModelCost>& rows)
{
    std::cout << "{\n  \"model\": " << jsonQuote(model.name)
              << ",\n  \"accelerator\": " << jsonQuote(system.name)
              << ",\n  \"objective\": " << jsonQuote(run.policy.name())
              << ",\n  \"policy\": " << jsonQuote(run.policy.describe())
              << ",\n  \"residency\": " << jsonQuote(run.residencySummary())
              << ",\n  \"caveats\": " << jsonList(run.caveats())
              << ",\n  \"latency_s\": " << jsonNumber(run.cost.latency)
              << ",\n  \"energy_j\": " << jsonNumber(run.cost.energyPerInference)
              << ",\n  \"transfer_j\": " << jsonNumber(run.cost.transferJoules)
              << ",\n  \"inferences_per_s\": " << jsonNumber(run.cost.inferencesPerSecond)
              << ",\n  \"energy_components_j\": " << componentsJson(run.cost.energy)
              << ",\n  \"storage_levels\": " << levelsJson(run.cost.levels)
              << ",\n  \"layers\": " << layerTable(model, system, run.cost, true).toJson(2)
              << ",\n  \"totals\": " << summaryTable(rows).toJson(2) << "\n}\n";
}

int usageError(const std::string& problem)
{
    return cli::usageError("simulate", problem);
}

int runSimulate(const CliArgs& args)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(), { "format", "accel", "objective" });
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return usageError("unknown option --" + unknown.front());
    if (args.positional().size() != 1)
        return usageError(
            args.positional().empty() ? "missing MODEL argument" : "expects exactly one MODEL");
    if (!args.has("accel"))
        return usageError("missing --accel (edge_tpu, eyeriss_v2, mensa or a .textproto file)");
    auto style = parseTableStyle(args.valueOr("format", "table"));
    if (!style)
        return usageError(
            "unknown format '" + args.valueOr("format", "") + "' (use table, csv or json)");
    Model model;
    AcceleratorSystem system;
    DesignRun run;
    std::vector<ModelCost> rows;
    try {
        const MappingPolicy policy = policyFromArgs(args);
        system = loadSystem(*args.value("accel"));
        model = loadModelFromArgs(args, args.positional().front());
        printWarnings(model, "simulate", std::cerr);
        run = runOnDesign(model, system, policy);
        rows = summaries(model, system, run);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa simulate: " << e.what() << "\n";
        return 2;
    }
    const ModelCost& cost = run.cost;
    if (cost.unmappedLayers > 0)
        std::cerr << "mensa simulate: warning: " << cost.unmappedLayers
                  << " layer(s) could not be mapped; their cost is a vector-path estimate\n";
    if (*style == TableStyle::Json)
        printJson(model, system, run, rows);
    else if (*style == TableStyle::Csv)
        std::cout << runHeaderComment(run) << layerTable(model, system, cost, true).toCsv();
    else
        printText(model, system, run, rows);
    return 0;
}

const CommandRegistration kRegistration("simulate",
    { "cycles, utilisation and energy of a model on an accelerator", kUsage, runSimulate });

} // namespace
} // namespace mensa::cli
