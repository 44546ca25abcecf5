#pragma once

#include "cluster/LayerClustering.h"
#include "cost/CostModel.h"
#include "mapping/DesignRun.h"
#include "model/Model.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mensa {

// The built-in designs of the study, in the order every command and the GUI show them.
const std::vector<std::string>& defaultDesignNames();

// A design as the user named it and as it loaded (or why it did not).
struct AnalysisDesign {
    std::string request; // built-in name or spec path as given
    std::string name; // the spec's name: what labels the design everywhere
    AcceleratorSystem system; // empty when it failed to load
    std::string error; // one line when the design could not be loaded
};

// One model on one design: its run, or why it could not run.
struct AnalysisCell {
    std::shared_ptr<const DesignRun> run;
    std::string error;
};

// Clusters and families of every layer of every model, computed jointly over all models
// (as `mensa cluster` does), so two models share one set of clusters.
struct LayerGrouping {
    std::optional<ClusterReport> clusters; // empty when too few compute layers
    std::string clusterProblem; // why there are no clusters
    std::vector<std::vector<int>> clusterOf; // [model][layer], -1 unclustered
    std::vector<std::vector<double>> silhouette; // [model][layer], 0 unclustered
    std::vector<std::vector<std::string>> family; // [model][layer], empty without rules
    std::map<std::string, std::string> familyDescriptions; // family name -> rules description
    std::vector<std::string> clusterNames; // "Cluster 1", ...
};

// All open models on all designs under one mapping policy: the single owner of every number
// the GUI, the CLI commands and the figures show.
struct Analysis {
    MappingPolicy policy;
    std::vector<std::shared_ptr<const Model>> models;
    std::vector<AnalysisDesign> designs;
    std::vector<std::vector<AnalysisCell>> cells; // [model][design]
    LayerGrouping grouping;
    // LayerRef::model of each model: the session's model ids in the GUI; empty: the indices.
    std::vector<int> modelIds;

    const DesignRun* run(int model, int design) const;
    int modelKey(size_t model) const
    {
        return model < modelIds.size() ? modelIds[model] : int(model);
    }
    std::vector<int> modelKeys() const;
    // Index of the design with this name or request, or -1.
    int designIndex(const std::string& nameOrRequest) const;
};

// Loads each design (built-in name or spec file); a design that fails keeps its error.
std::vector<AnalysisDesign> loadDesigns(const std::vector<std::string>& requests);
// The same, but the first design that fails throws its MensaError (the CLI's behaviour).
std::vector<AnalysisDesign> loadDesignsOrThrow(const std::vector<std::string>& requests);

// Runs one model on one design; a run that fails keeps its one-line error.
AnalysisCell analyseCell(
    const Model& model, const AnalysisDesign& design, const MappingPolicy& policy);

// Clusters (jointly) and families of the layers of all models; familyRules empty: the
// shipped rules, when they can be found.
LayerGrouping groupLayers(
    const std::vector<std::shared_ptr<const Model>>& models, const std::string& familyRules = {});

// Everything at once: every model on every design, and the joint grouping.
Analysis analyse(std::vector<std::shared_ptr<const Model>> models,
    std::vector<AnalysisDesign> designs, const MappingPolicy& policy = MappingPolicy::defaults());

} // namespace mensa
