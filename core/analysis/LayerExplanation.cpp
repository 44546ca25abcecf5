#include "analysis/LayerExplanation.h"

#include "util/TextFormat.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace mensa {
namespace {

// Spatial utilisation below this is what the explanation blames first.
constexpr double kLowSpatialUtilization = 0.5;
// Streaming below this share of compute time means fold overheads dominate.
constexpr double kLowStreamShare = 0.5;

// Formats the numbers of one explanation and records each under its key.
class Numbers {
public:
    explicit Numbers(std::map<std::string, double>& out)
        : m_out(out)
    {
    }
    // A count or size: whole numbers below a million as digits, the rest with an SI suffix.
    std::string operator()(const std::string& key, double value)
    {
        m_out[key] = value;
        if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e6)
            return formatNumber(value, "%.0f");
        return quantityText(value);
    }
    // A fraction 0..1 shown as a percentage.
    std::string percent(const std::string& key, double fraction)
    {
        m_out[key] = fraction;
        return formatNumber(fraction * 100.0, "%.3g") + "%";
    }

private:
    std::map<std::string, double>& m_out;
};

// A duration or an energy with the unit that keeps the number short (s, ms, µs, ns; J...).
std::string scaled(double value, const char* unit)
{
    static const std::pair<double, const char*> kPrefixes[]
        = { { 1, "" }, { 1e-3, "m" }, { 1e-6, "µ" }, { 1e-9, "n" }, { 1e-12, "p" } };
    for (const auto& [factor, prefix] : kPrefixes)
        if (std::fabs(value) >= factor || factor == 1e-12)
            return formatNumber(value / factor, "%.4g") + " " + prefix + unit;
    return formatNumber(value, "%.4g") + " " + unit;
}

std::string plural(const std::string& count, const char* word)
{
    std::string text = count + " " + word;
    if (count == "1")
        return text;
    return text + (text.back() == 's' ? "es" : "s");
}

bool onArray(const LayerCost& c)
{
    return !c.folds.dataflow.empty();
}

bool isRowStationary(const ArrayFolds& f)
{
    return f.dataflow == "row stationary";
}

// Output stationary drains finished outputs where the other dataflows load their operand.
bool isOutputStationary(const ArrayFolds& f)
{
    return f.dataflow == "output stationary";
}

// Share of the compute time spent streaming (the rest loads and fills/drains folds).
double streamShare(const LayerCost& c)
{
    const ArrayFolds& f = c.folds;
    double streaming = f.streamCycles * f.rowFolds * f.colFolds * f.passes;
    return c.computeCycles > 0 ? std::min(1.0, streaming / c.computeCycles) : 1.0;
}

// The memory part that sets memoryCycles.
std::pair<std::string, double> memoryLimit(const LayerCost& c)
{
    std::pair<std::string, double> best { "DRAM", c.memory.dram };
    if (c.memory.bufferPorts > best.second)
        best = { "on-chip buffer ports", c.memory.bufferPorts };
    if (c.memory.noc > best.second)
        best = { "on-chip network", c.memory.noc };
    if (c.memory.hostLink > best.second)
        best = { "the host link", c.memory.hostLink };
    return best;
}

// The array side the mapping leaves emptiest, as "1 of 64 rows (Sr = 1)", or empty.
std::string emptiestSide(const ArrayFolds& f, Numbers& num, const std::string& prefix)
{
    if (isRowStationary(f))
        return num(prefix + "folds.mappedRows", f.mappedRows) + " logical PEs for "
            + num(prefix + "folds.arrayRows", f.arrayRows) + " x "
            + num(prefix + "folds.arrayCols", f.arrayCols) + " PEs";
    double rowShare = f.rowFolds <= 1 ? f.mappedRows / std::max(1.0, f.arrayRows) : 1;
    double colShare = f.colFolds <= 1 ? f.mappedCols / std::max(1.0, f.arrayCols) : 1;
    if (std::min(rowShare, colShare) >= 1)
        return {};
    bool rows = rowShare <= colShare;
    std::string dimension = (rows ? std::string(f.rowDimension) : std::string(f.colDimension))
        + (f.packedGroups > 1 ? " x packed groups" : "");
    std::string mapped = num(prefix + (rows ? "folds.mappedRows" : "folds.mappedCols"),
        rows ? f.mappedRows : f.mappedCols);
    return mapped + " of "
        + num(prefix + (rows ? "folds.arrayRows" : "folds.arrayCols"),
            rows ? f.arrayRows : f.arrayCols)
        + (rows ? " rows" : " columns") + " are used (they hold " + dimension + " = " + mapped
        + ")";
}

// One sentence on what limits the layer: the bound and its main cause.
std::string headline(const LayerCost& c, Numbers& num, const std::string& prefix)
{
    if (!c.mapped)
        return "cannot be mapped: " + c.failureReason;
    if (c.onHost)
        return "runs on the host CPU (" + std::string(c.folds.hostReason) + "), " + c.bound
            + "-bound";
    if (!onArray(c))
        return "runs on the vector path (" + num(prefix + "folds.vectorLanes", c.folds.vectorLanes)
            + " lanes), " + c.bound + "-bound";
    std::string array = num(prefix + "folds.arrayRows", c.folds.arrayRows) + "x"
        + num(prefix + "folds.arrayCols", c.folds.arrayCols);
    std::string text = "uses " + num.percent(prefix + "utilization", c.utilization) + " of the "
        + array + " array";
    const double hostFixed = c.memory.layerOverhead + c.memory.hostTensors;
    if (hostFixed > std::max(c.computeCycles, c.memoryCycles))
        return text
            + " because the host link's fixed costs (the per-layer overhead, the model's "
              "inputs or outputs) take "
            + num(prefix + "hostFixedCycles", hostFixed) + " of its "
            + num(prefix + "cycles", c.cycles) + " cycles";
    if (c.bound == "memory") {
        auto [part, cycles] = memoryLimit(c);
        return text + " because it is memory-bound: moving its data through " + part + " takes "
            + num(prefix + "memoryCycles", cycles) + " cycles against "
            + num(prefix + "computeCycles", c.computeCycles) + " cycles of compute";
    }
    if (c.spatialUtilization < kLowSpatialUtilization) {
        std::string side = emptiestSide(c.folds, num, prefix);
        return text + " because only "
            + num.percent(prefix + "spatialUtilization", c.spatialUtilization)
            + " of its PEs hold work" + (side.empty() ? "" : ": " + side);
    }
    if (!isRowStationary(c.folds) && streamShare(c) < kLowStreamShare)
        return text + " because each fold streams only "
            + plural(num(prefix + "folds.streamCycles", c.folds.streamCycles), "cycle") + " ("
            + std::string(c.folds.streamDimension) + ") against "
            + num(prefix + "folds.loadCycles", c.folds.loadCycles)
            + (isOutputStationary(c.folds) ? " cycles of draining and " : " cycles of loading and ")
            + num(prefix + "folds.fillDrainCycles", c.folds.fillDrainCycles) + " of fill/drain";
    return text + ", compute-bound with the array well used";
}

// The buffer-level loop nest and what it makes each operand cost: the reuse the text names
// is the rule the cost model applies (BufferLoopNest::fetches).
std::string loopNestLine(const ArrayFolds& f, Numbers& num)
{
    std::string loops;
    for (size_t i = 0; i < f.loopDimensions.size(); ++i) {
        const std::string trips = num("folds.loopTrips." + std::to_string(i), f.loopTrips[i]);
        loops += (i ? ", " : "") + std::string(f.loopDimensions[i]) + " "
            + (i + 1 < f.loopDimensions.size() ? plural(trips, "fold") : trips + " streamed");
    }
    return "Loop nest at the buffers, outer to inner: " + loops + ". Weights are read "
        + num("folds.weightFetches", f.weightFetches) + "x, inputs "
        + num("folds.inputFetches", f.inputFetches) + "x, and partial sums round-trip "
        + plural(num("folds.psumSpills", f.psumSpills), "time")
        + " (a loop over a dimension an operand does not depend on re-fetches it, unless it "
          "runs inside all of the operand's own loops).";
}

// What the window buffer on the input path saves per sweep of the array, or why it is bypassed.
std::string windowLine(const ArrayFolds& f, Numbers& num)
{
    const std::string im2col = num("folds.im2colSweepBytes", f.im2colSweepBytes);
    if (f.windowReuse == "bypassed")
        return "The layer bypasses the window buffer (its " + im2col
            + " B of im2col inputs per sweep hold no input twice, or no input row of the channels "
              "in flight fits): the activation store gives the array every one.";
    return "A window buffer holding " + num("folds.windowBandBytes", f.windowBandBytes)
        + " B of input rows (reuse along " + std::string(f.windowReuse) + ") serves the array's "
        + im2col + " B of im2col inputs per sweep from "
        + num("folds.windowSweepBytes", f.windowSweepBytes) + " B read from the activation store.";
}

std::vector<std::string> systolicLines(const ArrayFolds& f, const LayerCost& c, Numbers& num)
{
    std::vector<std::string> lines;
    lines.push_back("GEMM per group and step: Sr " + num("folds.sr", f.sr) + " x T "
        + num("folds.t", f.t) + " x N " + num("folds.n", f.n) + ", "
        + plural(num("folds.groups", f.groups), "group") + ", "
        + plural(num("folds.steps", f.steps), "time step") + ".");
    lines.push_back(std::string(f.dataflow) + " on a " + num("folds.arrayRows", f.arrayRows) + " x "
        + num("folds.arrayCols", f.arrayCols) + " array: the rows hold "
        + std::string(f.rowDimension) + " (" + num("folds.mappedRows", f.mappedRows) + " mapped, "
        + plural(num("folds.rowFolds", f.rowFolds), "fold") + "), the columns hold "
        + std::string(f.colDimension) + " (" + num("folds.mappedCols", f.mappedCols) + " mapped, "
        + plural(num("folds.colFolds", f.colFolds), "fold") + "); " + std::string(f.streamDimension)
        + " streams through.");
    bool drains = isOutputStationary(f);
    if (f.packedGroups > 1)
        lines.push_back(num("folds.packedGroups", f.packedGroups)
            + " groups are packed block-diagonally into one fold"
            + (drains || f.dataflow == "input stationary"
                    ? " (the zero blocks lengthen the stream)."
                    : "."));
    if (f.registerSteps > 1)
        lines.push_back("Each PE holds " + num("folds.registerSteps", f.registerSteps)
            + " stationary elements per MAC lane along T and takes them one per cycle, its "
              "partial sum staying in the PE: a fold covers that many times the rows of T, and "
              "every streamed element takes that many cycles.");
    lines.push_back("Each fold: " + num("folds.loadCycles", f.loadCycles)
        + (drains ? " cycles draining its outputs (under the next fold's streaming), "
                  : " cycles loading the stationary operand, ")
        + num("folds.fillDrainCycles", f.fillDrainCycles) + " cycles fill/drain, "
        + num("folds.streamCycles", f.streamCycles) + " cycles streaming.");
    lines.push_back(num("folds.cyclesPerPass", f.cyclesPerPass) + " cycles per pass x "
        + plural(num("folds.passes", f.passes), "pass") + " = "
        + num("computeCycles", c.computeCycles) + " compute cycles.");
    lines.push_back(loopNestLine(f, num));
    if (f.accumulatorChunks > 0) {
        const std::string chunks = num("folds.accumulatorChunks", f.accumulatorChunks);
        lines.push_back("An accumulator below the array adds the partial sums up across the T "
                        "folds (each output written there once per T fold and read back, the "
                        "last time to drain it), so none round-trips through the activation store"
            + (f.accumulatorChunks > 1 ? "; the stream is taken in " + chunks
                        + " chunks that fit it, each reloading the stationary operand."
                                       : "."));
    }
    if (!f.windowReuse.empty())
        lines.push_back(windowLine(f, num));
    return lines;
}

std::vector<std::string> rowStationaryLines(const ArrayFolds& f, const LayerCost& c, Numbers& num)
{
    return { "row stationary on " + num("folds.arrayRows", f.arrayRows) + " x "
            + num("folds.arrayCols", f.arrayCols) + " PEs: " + num("folds.mappedRows", f.mappedRows)
            + " " + std::string(f.rowDimension) + " in "
            + plural(num("folds.rowFolds", f.rowFolds), "pass") + ".",
        "PE sets: " + plural(num("folds.setsPerPass", f.setsPerPass), "PE set")
            + " side by side per pass, each "
            + plural(num("folds.setKernelRows", f.setKernelRows), "kernel row") + " x "
            + plural(num("folds.setOutputRows", f.setOutputRows), "output row")
            + " on one filter, channel, group and image.",
        "Sharing chosen (fewest global-buffer bytes): " + num("folds.filterSets", f.filterSets)
            + " x " + num("folds.filtersPerPe", f.filtersPerPe)
            + " filters (sets x per PE) reuse each input row, "
            + num("folds.channelSets", f.channelSets) + " x "
            + num("folds.channelsPerPe", f.channelsPerPe)
            + " channels add their partial sums before they leave the array: input rows fetched "
            + plural(num("folds.inputFetches", f.inputFetches), "time")
            + ", partial sums round-trip through the buffer "
            + plural(num("folds.psumSpills", f.psumSpills), "time")
            + " (per extra channel block and kernel-row split).",
        "Each PE runs a 1-D convolution (" + std::string(f.streamDimension)
            + "): " + num("folds.streamCycles", f.streamCycles) + " cycles per pass, plus "
            + num("folds.fillDrainCycles", f.fillDrainCycles) + " cycles fill/drain per step.",
        num("folds.cyclesPerPass", f.cyclesPerPass) + " cycles per step x "
            + plural(num("folds.passes", f.passes), "step") + " = "
            + num("computeCycles", c.computeCycles) + " compute cycles." };
}

// Which of the layer's legal mappings the objective took, and among how many.
std::string mappingChoiceLine(const ArrayFolds& f, Numbers& num)
{
    const std::string count = num("folds.mappingCandidates", f.mappingCandidates);
    const std::string objective(f.mappingObjective);
    if (!isRowStationary(f) && f.groups <= 1)
        return "Chosen for " + objective
            + ": the array's dataflow fixes the mapping (spatial unrolling and fold order).";
    const bool one = f.mappingCandidates == 1;
    const std::string kind = isRowStationary(f)
        ? (one ? "PE-set shape" : "PE-set shapes")
        : (one ? "packing" : "packings") + std::string(" of the groups");
    return "Chosen for " + objective + (one ? ": the only " : " among " + count + " ") + kind
        + " that no other beats on compute cycles and on every buffer read and write count.";
}

// The DRAM loop order of a layer whose weights and activations both overflow the chip.
std::string tileOrderLine(const ArrayFolds& f, Numbers& num)
{
    const bool weightsOuter = f.tileOrder == "weights outer";
    const std::string reread = weightsOuter
        ? "the spilled input is read from DRAM once per weight tile"
        : "the weights are fetched once per activation tile";
    const std::string choice = f.tileOrders > 1
        ? "chosen for " + std::string(f.mappingObjective) + " over the other order"
        : "the other order moves no fewer bytes of any kind";
    return "Weights come in " + num("folds.weightTiles", f.weightTiles)
        + " tiles and activations in " + num("folds.activationTiles", f.activationTiles) + ": "
        + std::string(f.tileOrder) + ", so " + reread + " (" + choice + ").";
}

// A layer the accelerator's compiler leaves to the host CPU: why, and its time there.
std::vector<std::string> hostLines(const LayerCost& c, Numbers& num)
{
    const ArrayFolds& f = c.folds;
    const std::string why = f.hostReason == ArrayFolds::kHostOperator
        ? "its operator is one the accelerator's compiler leaves to the host"
        : "it comes after the model's first host operator, and the compiler partitions a model "
          "once, so everything from there on runs on the host";
    return { "Runs on the host CPU, not on the accelerator: " + why + ".",
        num("folds.hostOps", f.hostOps) + " operations at "
            + num("folds.hostOpsPerSecond", f.hostOpsPerSecond) + " operations/s = "
            + num("computeCycles", c.computeCycles) + " cycles of the accelerator's clock; "
            + num("traffic.hostLinkBytes", c.traffic.hostLinkBytes) + " bytes cross the host link ("
            + num("memory.hostLink", c.memory.hostLink) + " cycles, overlapped)." };
}

LayerExplanation::Section mappingSection(const LayerCost& c, Numbers& num)
{
    LayerExplanation::Section s { "Mapping", {} };
    const ArrayFolds& f = c.folds;
    if (c.onHost) {
        s.lines = hostLines(c, num);
        return s;
    }
    if (!onArray(c)) {
        s.lines.push_back("Runs on the vector path: " + num("folds.vectorOps", f.vectorOps)
            + " operations on " + num("folds.vectorLanes", f.vectorLanes)
            + " lanes = " + num("computeCycles", c.computeCycles) + " compute cycles.");
        return s;
    }
    s.lines = isRowStationary(f) ? rowStationaryLines(f, c, num) : systolicLines(f, c, num);
    s.lines.push_back(mappingChoiceLine(f, num));
    if (!f.tileOrder.empty())
        s.lines.push_back(tileOrderLine(f, num));
    s.lines.push_back("PEs holding work: " + num.percent("spatialUtilization", c.spatialUtilization)
        + " (averaged over folds); achieved " + num.percent("utilization", c.utilization)
        + " of the peak " + num("folds.peakMacsPerCycle", f.peakMacsPerCycle) + " MACs per cycle.");
    return s;
}

// The fixed costs a host link adds to a layer's total, not overlapped: "" without them.
std::string hostAddedCycles(const LayerCost& c, Numbers& num)
{
    std::string text;
    if (c.memory.layerOverhead > 0)
        text += " + " + num("memory.layerOverhead", c.memory.layerOverhead)
            + " cycles of fixed per-layer host overhead";
    if (c.memory.hostTensors > 0)
        text += " + " + num("memory.hostTensors", c.memory.hostTensors)
            + " cycles moving the model's inputs or outputs over the host link";
    return text;
}

LayerExplanation::Section boundSection(const LayerCost& c, Numbers& num)
{
    LayerExplanation::Section s { "Bound", {} };
    const std::string link
        = c.memory.hostLink > 0 ? ", host link " + num("memory.hostLink", c.memory.hostLink) : "";
    s.lines.push_back("Compute " + num("computeCycles", c.computeCycles) + " cycles, memory "
        + num("memoryCycles", c.memoryCycles) + " cycles (DRAM " + num("memory.dram", c.memory.dram)
        + ", buffer ports " + num("memory.bufferPorts", c.memory.bufferPorts) + ", NoC "
        + num("memory.noc", c.memory.noc) + link + "): " + c.bound + "-bound.");
    s.lines.push_back("Total " + num("cycles", c.cycles) + " cycles = the longer of the two + "
        + num("memory.exposedLatency", c.memory.exposedLatency) + " cycles of exposed DRAM latency"
        + hostAddedCycles(c, num) + " (" + scaled(c.seconds, "s") + ").");
    num("seconds", c.seconds);
    const std::string weights = c.onHost ? "Weights stay with the host"
        : c.parametersOnChip             ? "Weights stay on chip"
        : c.traffic.hostLinkBytes > 0    ? "Weights are streamed over the host link"
                                         : "Weights are streamed from memory";
    s.lines.push_back(weights + "; " + num("traffic.dramBytes", c.traffic.dramBytes)
        + " bytes cross DRAM"
        + (c.traffic.hostLinkBytes > 0 ? ", "
                    + num("traffic.hostLinkBytes", c.traffic.hostLinkBytes) + " bytes the host link"
                                       : "")
        + ".");
    s.lines.push_back("In short: it " + headline(c, num, "") + ".");
    return s;
}

LayerExplanation::Section energySection(const LayerCost& c, Numbers& num)
{
    LayerExplanation::Section s { "Energy", {} };
    double total = c.energy.total();
    s.lines.push_back("Total " + scaled(total, "J") + ", of which (largest first):");
    num("energy.total", total);
    std::vector<EnergyComponent> parts;
    for (int i = 0; i < kEnergyComponentCount; ++i)
        parts.push_back(EnergyComponent(i));
    std::stable_sort(parts.begin(), parts.end(),
        [&](EnergyComponent a, EnergyComponent b) { return c.energy[a] > c.energy[b]; });
    for (EnergyComponent part : parts) {
        if (c.energy[part] <= 0)
            continue;
        std::string name(toString(part));
        num("energy." + name, c.energy[part]);
        s.lines.push_back(name + ": " + scaled(c.energy[part], "J") + " ("
            + formatNumber(total > 0 ? 100.0 * c.energy[part] / total : 0, "%.3g") + "%)");
    }
    if (c.onHost) // the spec describes the accelerator, not the host's power
        s.lines.push_back("Not counted: the host CPU's own energy; the static part is the "
                          "accelerator's static power while it waits for the host.");
    return s;
}

// Bytes read and written at each storage level, outermost first, with the energy spent there;
// a level the layer never touches (or a processor that has no such level) is left out.
LayerExplanation::Section levelsSection(const LayerCost& c, Numbers& num)
{
    LayerExplanation::Section s { "Memory levels (bytes read / written, energy)", {} };
    for (int i = 0; i < kStorageLevelCount; ++i) {
        const StorageAccess& l = c.levels.levels[i];
        if (l.name.empty() || l.bytes() <= 0)
            continue;
        std::string key = "levels." + std::string(toString(StorageLevel(i))) + ".";
        num(key + "joules", l.joules);
        s.lines.push_back(std::string(l.name) + ": " + num(key + "reads", l.reads) + " read, "
            + num(key + "writes", l.writes) + " written, " + scaled(l.joules, "J") + ".");
    }
    return s;
}

LayerExplanation::Section othersSection(const std::vector<LayerOnDesign>& others, Numbers& num)
{
    LayerExplanation::Section s { "On other designs", {} };
    for (const LayerOnDesign& o : others) {
        if (!o.cost)
            continue;
        std::string prefix = "other." + o.design + ".";
        num(prefix + "seconds", o.cost->seconds);
        const std::string where = o.accelerator.empty() || o.accelerator == o.design
            ? o.design
            : o.design + " (" + o.accelerator + ")";
        s.lines.push_back(where + ": " + scaled(o.cost->seconds, "s") + "; it "
            + headline(*o.cost, num, prefix) + ".");
    }
    return s;
}

// "conv_3 (Conv+Relu, Conv) on mensa / pascal": each name once when two coincide, and a layer
// the compiler leaves to the host says it runs on the design's host CPU.
std::string explanationTitle(const Layer& layer, const LayerOnDesign& chosen)
{
    const std::string kind(toString(layer.kind));
    std::string where = chosen.design;
    if (!chosen.accelerator.empty() && chosen.accelerator != chosen.design)
        where += " / " + chosen.accelerator;
    if (chosen.cost && chosen.cost->onHost)
        where += " (host CPU)";
    return layer.name + " (" + layer.opType + (layer.opType == kind ? "" : ", " + kind) + ") on "
        + where;
}

} // namespace

std::string LayerExplanation::text() const
{
    std::string out = title + "\n";
    for (const Section& s : sections) {
        out += "\n" + s.heading + "\n";
        for (const std::string& line : s.lines)
            out += "  " + line + "\n";
    }
    return out;
}

LayerExplanation explainLayer(
    const Layer& layer, const LayerOnDesign& chosen, const std::vector<LayerOnDesign>& others)
{
    LayerExplanation e;
    Numbers num(e.numbers);
    e.title = explanationTitle(layer, chosen);
    if (!chosen.cost) {
        e.sections.push_back({ "Mapping", { "No cost on this design yet." } });
        return e;
    }
    const LayerCost& c = *chosen.cost;
    if (!c.mapped)
        e.sections.push_back({ "Not mapped", { c.failureReason } });
    e.sections.push_back(mappingSection(c, num));
    e.sections.push_back(boundSection(c, num));
    e.sections.push_back(energySection(c, num));
    if (LayerExplanation::Section levels = levelsSection(c, num); !levels.lines.empty())
        e.sections.push_back(std::move(levels));
    if (!others.empty())
        e.sections.push_back(othersSection(others, num));
    return e;
}

} // namespace mensa
