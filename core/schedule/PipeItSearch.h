#pragma once

#include "cost/CostModel.h"
#include "model/Model.h"
#include "schedule/Schedule.h"

#include <string>
#include <vector>

namespace mensa {

// Pipe-it (Wang et al., 2019) on a system of CPU clusters (docs/pipeit.md): the predicted
// time of every layer on every cluster and core count, and the balanced pipeline over them.

// Per-layer predictions, [cluster][cores - 1][layer], plus the all-cores data-parallel run.
struct PipeItTable {
    std::string systemName;
    std::vector<std::string> clusterNames; // the system's accelerator names ("a73", "a53")
    std::vector<std::string> coreTypes; // "Cortex-A73"
    std::vector<int> clusterCores;
    std::vector<std::vector<std::vector<double>>> seconds;
    std::vector<std::vector<std::vector<EnergyBreakdown>>> energy;
    // Every layer split over all cores of all clusters, an equal share per core (so the
    // slower cluster's share finishes last): seconds and energy per layer.
    std::vector<double> dataParallelSeconds;
    std::vector<EnergyBreakdown> dataParallelEnergy;

    int layerCount() const { return dataParallelSeconds.empty() ? 0 : int(seconds[0][0].size()); }
    int clusterCount() const { return int(clusterNames.size()); }
    int totalCores() const;
};

// Costs every layer with CpuClusterCostModel::evaluateWithCores; MensaError when an
// accelerator of the system is not a CPU cluster or the model has no layer.
PipeItTable buildPipeItTable(const Model& model, const AcceleratorSystem& system);

// One stage: layers [firstLayer, endLayer) on `cores` cores of `cluster` (cluster -1: all
// cores of all clusters, data-parallel).
struct PipeItStage {
    int cluster = -1;
    int cores = 0;
    int firstLayer = 0;
    int endLayer = 0;
    double seconds = 0;
};

struct PipeItConfig {
    std::string label; // "a73 x4 | a53 x4", "a73 x4", "all 8 cores"
    std::vector<PipeItStage> stages;
    double bottleneck = 0; // seconds of the slowest stage
    double throughput = 0; // inferences per second in steady state = 1 / bottleneck
    double latency = 0; // one inference through all stages
};

struct PipeItReport {
    PipeItConfig pipeline; // the balanced pipeline found by the search
    PipeItConfig bestSingleCluster; // fastest one-cluster run (any core count)
    PipeItConfig dataParallel; // every layer on all cores of all clusters
    // Throughput gains: pipeline / reference - 1.
    double gainOverSingleCluster = 0;
    double gainOverDataParallel = 0;
    double gainOverBest = 0; // over the better of the two references (Pipe-it's comparison)
    long statesExplored = 0; // search states (layer boundary x cores used per cluster)
};

// The balanced pipeline: contiguous stages over the layer order, each on one cluster with
// some of its cores (a cluster's stages never use more cores than it has), minimising the
// slowest stage. Exact (dynamic programme over layer boundary and cores used per cluster).
PipeItConfig searchPipeline(const PipeItTable& table, long* statesExplored = nullptr);
// The pipeline and the two references.
PipeItReport runPipeIt(const PipeItTable& table);
// Label of a configuration's stages ("a73 x4 | a53 x4").
std::string pipeItLabel(const PipeItTable& table, const std::vector<PipeItStage>& stages);

// The pipeline laid out in time for the Gantt and the schedule exports: one resource per
// stage (its core group), `inferences` inferences in flight (0: 2 x stages + 1), a stage
// starting an inference once it finished the previous one and the previous stage handed it on.
Schedule pipeItSchedule(
    const Model& model, const PipeItTable& table, const PipeItConfig& config, int inferences = 0);

} // namespace mensa
