#pragma once

#include "cluster/ClusterComparison.h"
#include "cluster/LayerClustering.h"

#include <string>
#include <vector>

namespace mensa {

// Renderings of a clustering (and, when given, its family comparison) for the CLI and files.
// `models` are the clustered models, in the order given to clusterLayers.
std::string clusterReportToTable(const ClusterReport& report,
    const std::vector<const Model*>& models, const FamilyComparison* families = nullptr);
// One row per layer: model, layer, kind, cluster, silhouette, raw features[, family, accelerator].
std::string clusterReportToCsv(const ClusterReport& report, const std::vector<const Model*>& models,
    const FamilyComparison* families = nullptr);
std::string clusterReportToJson(const ClusterReport& report,
    const std::vector<const Model*>& models, const FamilyComparison* families = nullptr);

} // namespace mensa
