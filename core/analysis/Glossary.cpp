#include "analysis/Glossary.h"

#include "cluster/FamilyClassifier.h"

#include <algorithm>

namespace mensa {
namespace {

std::vector<GlossaryEntry> makeGlossary()
{
    return {
        { "index", "#", "", "Position of the layer in the model's execution order." },
        { "name", "Name", "", "The layer's name: the ONNX node it comes from." },
        { "op", "Op", "",
            "The ONNX operator of the layer, with the operators fused into it (+Relu, "
            "+BatchNormalization)." },
        { "kind", "Kind", "",
            "What the layer computes (Conv, DepthwiseConv, FullyConnected, LSTM, Elementwise, "
            "...). Convolutions, fully connected and recurrent layers run on the PE array; the "
            "others on the vector path." },
        { "cluster", "Cluster", "",
            "Group found by k-means over the layers' features (FLOP/B, parameter reuse, "
            "footprints, MACs), jointly over all open models: layers of one cluster behave "
            "alike on hardware." },
        { "family", "Family", "",
            "Rule-based layer family from the rules file (resources/families.textproto): the "
            "first rule whose feature ranges the layer meets names it, and each family has the "
            "Mensa accelerator meant for it. Hover a family for its description." },
        { "accelerator", "Accelerator", "",
            "The accelerator of the design that the schedule runs the layer on (a design of "
            "one accelerator always uses it)." },
        { "bound", "Bound", "",
            "compute: the PE array (or vector unit) takes longer than the memory traffic; "
            "memory: DRAM, buffer ports or the on-chip network take longer. The layer takes "
            "the longer of the two." },
        { "macs", "MACs", "MAC",
            "Multiply-accumulate operations of one inference of the layer (all time steps)." },
        { "macsPerStep", "MACs per step", "MAC",
            "MACs of one time step of a recurrent layer (equal to MACs for other layers): what "
            "the array sees at once." },
        { "vectorOps", "Vector ops", "op",
            "Element-wise operations on the vector path (activations, normalisation, "
            "pooling, gates)." },
        { "params", "Parameters", "", "Number of weights and biases of the layer." },
        { "paramBytes", "Parameter footprint", "B",
            "Bytes of the layer's parameters at the analysis precision (int8: one byte each)." },
        { "inputActBytes", "Input activations", "B", "Bytes of the activations the layer reads." },
        { "outputActBytes", "Output activations", "B",
            "Bytes of the activations the layer writes." },
        { "activationBytes", "Activation footprint", "B",
            "Input plus output activation bytes of the layer." },
        { "flopPerByte", "Arithmetic intensity", "FLOP/B",
            "2 x MACs per byte touched (parameters + activations): high values are compute-"
            "centric, low values data-centric. The x axis of the roofline." },
        { "paramReuse", "Parameter reuse", "MAC/param",
            "MACs per parameter: how often each weight is used once fetched (1 for a "
            "fully connected layer on one input, ~output pixels for a convolution)." },
        { "steps", "Time steps", "",
            "Sequence steps of a recurrent layer (1 for feed-forward layers); the weights "
            "are used once per step." },
        { "cycles", "Cycles", "cycles",
            "Clock cycles of the layer on its accelerator: the longer of compute and memory, "
            "plus exposed DRAM latency." },
        { "latency", "Latency", "µs", "Time of the layer: cycles / clock frequency." },
        { "utilization", "PE utilization", "%",
            "Achieved MACs / (peak MACs per cycle x cycles): how much of the array's peak the "
            "layer gets, counting idle PEs and fold overheads." },
        { "spatialUtilization", "Spatial utilization", "%",
            "PEs holding work / PEs of the array, averaged over the folds: a GEMM dimension "
            "smaller than the array leaves rows or columns empty." },
        { "energy", "Energy", "µJ",
            "Energy of one inference of the layer: MACs, register files, on-chip buffers, "
            "network, off-chip memory and static power over its time." },
        { "dramBytes", "DRAM traffic", "B",
            "Bytes moved to and from off-chip (or stacked) DRAM for the layer." },
        { "fold", "Fold", "",
            "One placement of a slice of the stationary operand on the PE array; a GEMM "
            "dimension larger than the array is cut into several folds." },
        { "fillDrain", "Fill/drain", "cycles",
            "Cycles a systolic array needs for data to enter and results to leave (R + C - 2 "
            "per fold): overhead when a fold streams few rows." },
        { "gemm", "Sr x T x N", "",
            "The layer as a matrix product per group and time step: Sr output pixels x batch, "
            "T = input channels x kernel window, N = output channels (filters)." },
        { "dataflow", "Dataflow", "",
            "Which operand stays in the PEs: weight stationary (T x N held, Sr streamed), "
            "output stationary (Sr x N held), input stationary (T x Sr held) or row stationary "
            "(Eyeriss: one filter row per PE)." },
        { "roofline", "Roofline", "",
            "Attainable performance = min(peak, bandwidth x arithmetic intensity); a layer "
            "left of the ridge point is memory-bound." },
        { "operationalIntensity", "Operational intensity", "op/B",
            "Operations (2 per MAC, plus vector ops) per byte moved at a memory level: the "
            "roofline's x axis. Under the ridge point a layer is memory-bound." },
        { "performance", "Performance", "Gop/s",
            "Operations per second the layer achieves on its accelerator: the roofline's y axis, "
            "never above the roof (peak or bandwidth x intensity)." },
        { "scheduleTime", "Time", "",
            "Time within one inference: each bar is a layer (or a transfer) on the accelerator "
            "that runs it; the right end of the last bar is the model's latency." },
        { "energyPerInference", "Energy", "",
            "Energy of one inference, stacked by component: MACs, register files, on-chip "
            "buffers, network, off-chip memory, static power." },
        { "silhouette", "Silhouette coefficient", "",
            "How much closer a layer is to its own cluster than to the next one: -1..1, higher "
            "is a cleaner cluster; the line is the mean." },
        { "paperAverage", "Paper average", "",
            "The hatched bar of the design comparison: the average improvement Mensa reports "
            "over Google's 24 edge models, not a figure of the open model." },
    };
}

} // namespace

const std::vector<GlossaryEntry>& glossary()
{
    static const std::vector<GlossaryEntry> entries = makeGlossary();
    return entries;
}

const GlossaryEntry* glossaryEntry(std::string_view key)
{
    const auto& entries = glossary();
    auto it = std::find_if(
        entries.begin(), entries.end(), [&](const GlossaryEntry& e) { return e.key == key; });
    return it == entries.end() ? nullptr : &*it;
}

std::vector<GlossaryEntry> familyGlossary(const std::string& rulesPath)
{
    const std::string path = rulesPath.empty() ? FamilyClassifier::defaultRulesPath() : rulesPath;
    if (path.empty())
        return {};
    std::vector<GlossaryEntry> entries;
    const FamilyClassifier classifier = FamilyClassifier::fromFile(path);
    for (const FamilyRuleSpec& rule : classifier.rules())
        entries.push_back({ "family:" + rule.name, rule.name, "",
            rule.description
                + (rule.accelerator.empty() ? "" : " Meant for " + rule.accelerator + ".") });
    return entries;
}

} // namespace mensa
