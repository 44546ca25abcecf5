#pragma once

#include "mapping/MappingPolicy.h"
#include "model/Model.h"
#include "prune/ModelPruner.h"

#include <onnx/onnx_pb.h>

#include <functional>
#include <string>
#include <vector>

namespace mensa {

// What pruning buys on each design: the model pruned at each ratio and granularity, imported
// again and run on the design (mapping/DesignRun: the same path as every other result).
struct PruneSweepOptions {
    std::vector<std::string> designs { "edge_tpu", "eyeriss_v2", "mensa" }; // names or spec files
    std::vector<PruneGranularity> granularities { PruneGranularity::Element,
        PruneGranularity::Channel, PruneGranularity::Array };
    std::vector<double> ratios { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8 };
    MappingPolicy policy = MappingPolicy::defaults();
    // Asked before each point (from the sweep's thread); true stops the sweep there, with the
    // points so far and PruneSweep::cancelled set. Empty: the sweep runs to the end.
    std::function<bool()> stopRequested;
};

struct PruneSweepPoint {
    std::string design;
    PruneGranularity granularity = PruneGranularity::Channel;
    int arrayWidth = 0; // channels per tile used by Array (the design's)
    double ratio = 0; // asked for
    double weightsRemoved = 0; // fraction of the weights removed (pruned to zero or sliced)
    double macsRemoved = 0; // fraction of the dense MACs removed (element: x weight density)
    double latency = 0; // seconds per inference
    double energy = 0; // joules per inference
    double speedup = 0; // unpruned latency / latency
    double energySaving = 0; // unpruned energy / energy
};

struct PruneSweep {
    std::string model;
    std::vector<PruneSweepPoint> points; // design-major, then granularity, then ratio
    bool cancelled = false; // stopRequested said stop: points is a prefix of the sweep
};

// MACs a model executes when zero weights are skipped: each layer's dense MACs times its weight
// density (LayerMetrics::weightDensity); the dense MACs for a model without element pruning.
double effectiveMacs(const Model& model);

// Runs the sweep; ratio 0 (the unpruned model) is every design's baseline and is included.
// MensaError on a design that does not load or a model that cannot be pruned.
PruneSweep runPruneSweep(const onnx::ModelProto& model, const std::string& displayName,
    const PruneSweepOptions& options);

// CSV (header first): design, granularity, array_width, ratio, weights_removed, macs_removed,
// latency_s, energy_j, speedup, energy_saving.
std::string pruneSweepCsv(const PruneSweep& sweep);
// Reads pruneSweepCsv's output back (the figure renderer draws from it); MensaError(source, ...)
// on another layout.
PruneSweep parsePruneSweepCsv(const std::string& text, const std::string& source);

} // namespace mensa
