#pragma once

#include "model/Model.h"

#include <string>
#include <vector>

namespace mensa {

class FamilyClassifier;
struct ClusterReport;

// How well two partitions of the same layers agree (clusters vs rule-based families).
struct PartitionAgreement {
    std::vector<std::vector<int>> contingency; // [cluster][family] layer counts
    double adjustedRandIndex = 0; // 1 identical, ~0 chance level
    double purity = 0; // share of layers in their cluster's main family
};

// Labels must have equal length, clusters in [0, clusterCount), families in [0, familyCount).
PartitionAgreement comparePartitions(const std::vector<int>& clusters, int clusterCount,
    const std::vector<int>& families, int familyCount);

// Rule-based families of the clustered layers, and how they agree with the clusters.
struct FamilyComparison {
    std::vector<std::string> familyNames; // index = family
    std::vector<std::string> accelerators; // Mensa accelerator meant for each family
    std::vector<int> familyOfLayer; // per ClusterReport::layers entry
    PartitionAgreement agreement;
};
FamilyComparison compareWithFamilies(const ClusterReport& report,
    const std::vector<const Model*>& models, const FamilyClassifier& classifier);

} // namespace mensa
