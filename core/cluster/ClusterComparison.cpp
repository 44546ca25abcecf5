#include "cluster/ClusterComparison.h"

#include "cluster/FamilyClassifier.h"
#include "cluster/LayerClustering.h"
#include "util/Error.h"

#include <algorithm>

namespace mensa {
namespace {

double pairs(double n)
{
    return n * (n - 1) / 2;
}

// Hubert & Arabie's adjusted Rand index from the contingency table.
double adjustedRand(const std::vector<std::vector<int>>& table, int n)
{
    if (n < 2)
        return 1.0;
    double index = 0, rowPairs = 0;
    std::vector<double> colSums(table.empty() ? 0 : table[0].size(), 0.0);
    for (const auto& row : table) {
        double rowSum = 0;
        for (size_t j = 0; j < row.size(); ++j) {
            index += pairs(row[j]);
            rowSum += row[j];
            colSums[j] += row[j];
        }
        rowPairs += pairs(rowSum);
    }
    double colPairs = 0;
    for (double c : colSums)
        colPairs += pairs(c);
    double expected = rowPairs * colPairs / pairs(n);
    double maxIndex = (rowPairs + colPairs) / 2;
    // Both partitions trivial (all-in-one or all singletons the same way): perfect agreement.
    return maxIndex == expected ? 1.0 : (index - expected) / (maxIndex - expected);
}

} // namespace

PartitionAgreement comparePartitions(const std::vector<int>& clusters, int clusterCount,
    const std::vector<int>& families, int familyCount)
{
    if (clusters.size() != families.size())
        throw MensaError("", "cluster and family labels cover different layers");
    PartitionAgreement result;
    result.contingency.assign(clusterCount, std::vector<int>(familyCount, 0));
    for (size_t i = 0; i < clusters.size(); ++i)
        ++result.contingency.at(clusters[i]).at(families[i]);
    int n = int(clusters.size());
    int majority = 0;
    for (const auto& row : result.contingency)
        majority += row.empty() ? 0 : *std::max_element(row.begin(), row.end());
    result.purity = n ? double(majority) / n : 1.0;
    result.adjustedRandIndex = adjustedRand(result.contingency, n);
    return result;
}

FamilyComparison compareWithFamilies(const ClusterReport& report,
    const std::vector<const Model*>& models, const FamilyClassifier& classifier)
{
    FamilyComparison out;
    for (int f = 0; f < classifier.familyCount(); ++f) {
        out.familyNames.push_back(classifier.familyName(f));
        out.accelerators.push_back(classifier.accelerator(f));
    }
    for (const LayerRef& ref : report.layers)
        out.familyOfLayer.push_back(
            classifier.classify(models.at(ref.model)->layers.at(ref.layer)));
    out.agreement
        = comparePartitions(report.labels, report.k, out.familyOfLayer, classifier.familyCount());
    return out;
}

} // namespace mensa
