#pragma once

#include <vector>

namespace mensa {

// How well two partitions of the same layers agree (clusters vs rule-based families).
struct PartitionAgreement {
    std::vector<std::vector<int>> contingency; // [cluster][family] layer counts
    double adjustedRandIndex = 0;              // 1 identical, ~0 chance level
    double purity = 0;                         // share of layers in their cluster's main family
};

// Labels must have equal length, clusters in [0, clusterCount), families in [0, familyCount).
PartitionAgreement comparePartitions(const std::vector<int>& clusters, int clusterCount,
                                     const std::vector<int>& families, int familyCount);

} // namespace mensa
