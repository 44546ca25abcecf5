#pragma once

#include "prune/PruneSweep.h"

#include <string>
#include <vector>

namespace mensa {

// The pruning study of the seed "user-specific models on the edge": channel pruning gives
// 2.9x for ResNet-50 and 2.3x for Inception-V3 on mobile CPUs. For each model the channel
// ratio that gives the paper's speedup on the CPU design is searched (bisection), and the
// same ratio is run on the systolic design at every granularity.
struct PruningReproductionOptions {
    // The mobile CPU the paper measured on: HiKey 970's big.LITTLE clusters (hikey970). Any
    // design works; when it is the systolic design itself the report says it stands in.
    std::string cpuDesign = "hikey970";
    std::string systolicDesign = "edge_tpu";
    MappingPolicy policy = MappingPolicy::defaults();
};

struct PruningReproductionRow {
    std::string model;
    std::string design;
    PruneGranularity granularity = PruneGranularity::Channel;
    double ratio = 0; // channel ratio found on the CPU design
    double paperSpeedup = 0; // the seed's figure (on mobile CPUs)
    double speedup = 0; // measured here
    double energySaving = 0;
    double macsRemoved = 0;
};

struct PruningReproduction {
    PruningReproductionOptions options;
    std::vector<PruningReproductionRow> rows;
};

// Runs the study on the sample suite's ResNet-50 and Inception-V3 (shapes only: the cost
// models need no weight values). MensaError on a design that does not load.
PruningReproduction reproducePruning(const PruningReproductionOptions& options);

// The ratio in [0, 0.95] whose channel pruning on SYSTEM gives `target` speedup (closest
// found by bisection), with the speedup reached.
std::pair<double, double> ratioForSpeedup(const onnx::ModelProto& model, const std::string& name,
    const std::string& design, double target, const MappingPolicy& policy);

std::string pruningReproductionCsv(const PruningReproduction& study);
// Markdown section: the rows beside the paper's figures, the gap stated in words.
std::string pruningReproductionMarkdown(const PruningReproduction& study);

} // namespace mensa
