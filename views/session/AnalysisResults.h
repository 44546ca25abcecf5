#pragma once

#include "analysis/Analysis.h"
#include "cost/CostModel.h"
#include "cost/CostTypes.h"
#include "mapping/DesignRun.h"
#include "model/Model.h"
#include "schedule/Schedule.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mensa {

// Results of one accelerator design (a system of one or more accelerators) on one model.
struct DesignResult {
    std::string design; // name the user asked for ("edge_tpu", a spec path...)
    AcceleratorSystem system; // loaded spec, for peaks and bandwidths
    std::vector<std::string> accelerators; // display names, index = accelerator id
    std::vector<std::vector<LayerCost>> layerCosts; // [accelerator][layer]
    Schedule schedule; // assignment per layer, timing, energy
    std::shared_ptr<const DesignRun> run; // the run all the above come from (core owns the numbers)
    std::string error; // one line when the design could not be analysed

    bool ok() const { return error.empty(); }
    // Accelerator the schedule runs layer i on (0 when there is no schedule).
    int acceleratorOf(int layer) const;
    // Cost of layer i on the accelerator the schedule chose.
    const LayerCost* chosenCost(int layer) const;
};

// Grouping of layers: a cluster id per layer and a family label per layer.
struct LayerGroups {
    std::vector<int> cluster; // cluster index per layer, -1 when unclustered
    std::vector<std::string> clusterNames;
    std::vector<std::string> family; // family label per layer (may be empty)
    std::map<std::string, std::string> familyDescriptions; // from the rules file, by name
    std::vector<double> silhouette; // per layer, -1..1 (0 when unclustered or unknown)
    std::vector<std::string> featureNames; // clustering features
    std::vector<std::vector<double>> centroids; // per cluster, one value per feature name

    // Model `model`'s slice of a joint grouping (core owns the clusters; this only carries them).
    static LayerGroups fromGrouping(const LayerGrouping& grouping, size_t model);
    // Several models' own groups side by side (no joint cluster report).
    static LayerGrouping toGrouping(const std::vector<LayerGroups>& perModel);
};

// Everything the views show about one open model. Immutable once emitted.
struct ModelAnalysis {
    int modelId = -1;
    uint64_t generation = 0; // session parameters generation this result was computed for
    std::shared_ptr<const Model> model;
    std::vector<DesignResult> designs;
    LayerGroups groups;
    std::vector<std::string> warnings; // one line each

    const DesignResult* design(const std::string& name) const;
};

using ModelAnalysisPtr = std::shared_ptr<const ModelAnalysis>;

} // namespace mensa
