#include "study/LayerFamilyTable.h"

#include "cluster/ClusterComparison.h"
#include "cluster/FamilyClassifier.h"
#include "samples/SampleReadme.h"
#include "util/TextFormat.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace mensa {
namespace {

std::string num(double value, const char* format = "%.6g")
{
    return formatNumber(value, format);
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
}

FeatureVector medianFeatures(const ClusterReport& report, const std::vector<int>& members)
{
    FeatureVector result {};
    for (int f = 0; f < kLayerFeatureCount; ++f) {
        std::vector<double> values;
        for (int i : members)
            values.push_back(report.raw[i][f]);
        result[f] = median(values);
    }
    return result;
}

std::string describe(const FamilyClassifier& classifier, int family)
{
    return family < int(classifier.rules().size()) ? classifier.rules()[family].description
                                                   : "matches no family rule";
}

FamilyRow familyRow(const FamilyStudy& study, const ClusterReport& report,
    const std::vector<StudyModel>& models, const FamilyComparison& comparison,
    const FamilyClassifier& classifier, int family)
{
    FamilyRow row;
    row.family = comparison.familyNames[family];
    row.accelerator = comparison.accelerators[family];
    row.description = describe(classifier, family);
    std::vector<int> members;
    std::set<int> modelsSeen;
    double macs = 0, allMacs = 0;
    for (size_t i = 0; i < report.layers.size(); ++i) {
        const auto& ref = report.layers[i];
        const double layerMacs = double(models[ref.model].model.layers[ref.layer].metrics.macs);
        allMacs += layerMacs;
        if (comparison.familyOfLayer[i] != family)
            continue;
        members.push_back(int(i));
        modelsSeen.insert(ref.model);
        macs += layerMacs;
        ++row.layersByKind[models[ref.model].kind];
    }
    for (const auto& kind : study.kinds)
        row.layersByKind.emplace(kind, 0);
    row.layers = int(members.size());
    row.models = int(modelsSeen.size());
    row.macShare = allMacs > 0 ? macs / allMacs : 0;
    row.median = medianFeatures(report, members);
    return row;
}

ClusterRow clusterRow(const ClusterReport& report, const FamilyComparison& comparison, int cluster)
{
    const auto& c = report.clusters[cluster];
    ClusterRow row { cluster, int(c.members.size()), c.centroidOriginal, c.meanSilhouette, "", 0 };
    const auto& counts = comparison.agreement.contingency[cluster];
    auto best = std::max_element(counts.begin(), counts.end());
    if (best != counts.end() && row.layers > 0) {
        row.mainFamily = comparison.familyNames[best - counts.begin()];
        row.mainFamilyShare = double(*best) / row.layers;
    }
    return row;
}

std::string featureHeader()
{
    std::string header;
    for (int f = 0; f < kLayerFeatureCount; ++f)
        header += ',' + std::string(columnName(LayerFeature(f)));
    return header;
}

std::string featureCells(const FeatureVector& features)
{
    std::string cells;
    for (double v : features)
        cells += ',' + num(v);
    return cells;
}

} // namespace

FamilyStudy familyStudy(const std::vector<StudyModel>& models, const FamilyClassifier& classifier,
    const ClusterOptions& options)
{
    std::vector<const Model*> pointers;
    FamilyStudy study;
    for (const auto& m : models) {
        pointers.push_back(&m.model);
        if (std::find(study.kinds.begin(), study.kinds.end(), m.kind) == study.kinds.end())
            study.kinds.push_back(m.kind);
    }
    ClusterReport report = clusterLayers(pointers, options);
    FamilyComparison comparison = compareWithFamilies(report, pointers, classifier);
    study.k = report.k;
    study.meanSilhouette = report.meanSilhouette;
    study.adjustedRandIndex = comparison.agreement.adjustedRandIndex;
    study.purity = comparison.agreement.purity;
    for (int f = 0; f < int(comparison.familyNames.size()); ++f)
        study.families.push_back(familyRow(study, report, models, comparison, classifier, f));
    for (int c = 0; c < int(report.clusters.size()); ++c)
        study.clusters.push_back(clusterRow(report, comparison, c));
    return study;
}

std::string familyTableCsv(const FamilyStudy& study)
{
    std::ostringstream csv;
    csv << "family,accelerator,layers,models,mac_share";
    for (const auto& kind : study.kinds)
        csv << ",layers_" << kind;
    csv << featureHeader() << ",description\n";
    for (const auto& row : study.families) {
        csv << csvField(row.family) << ',' << row.accelerator << ',' << row.layers << ','
            << row.models << ',' << num(row.macShare);
        for (const auto& kind : study.kinds)
            csv << ',' << row.layersByKind.at(kind);
        csv << featureCells(row.median) << ',' << csvField(row.description) << '\n';
    }
    return csv.str();
}

std::string clusterTableCsv(const FamilyStudy& study)
{
    std::ostringstream csv;
    csv << "cluster,layers,mean_silhouette" << featureHeader()
        << ",main_family,main_family_share\n";
    for (const auto& row : study.clusters)
        csv << row.cluster << ',' << row.layers << ',' << num(row.meanSilhouette)
            << featureCells(row.centroid) << ',' << csvField(row.mainFamily) << ','
            << num(row.mainFamilyShare) << '\n';
    return csv.str();
}

std::string familyMarkdown(const FamilyStudy& study)
{
    std::ostringstream md;
    md << "## Layer families and clusters\n\n"
       << "Compute layers of all models classified by the family rules "
          "(`resources/families.textproto`; thresholds are Mensa Studio's modelling choices), "
          "with their median parameter bytes, FLOP/B and parameter reuse (per time step for "
          "recurrent layers).\n\n| Family | Accelerator | Layers |";
    for (const auto& kind : study.kinds)
        md << ' ' << kind << " |";
    md << " Share of MACs | Param bytes | FLOP/B | Reuse |\n|---|---|---:|";
    for (size_t i = 0; i < study.kinds.size(); ++i)
        md << "---:|";
    md << "---:|---:|---:|---:|\n";
    for (const auto& row : study.families) {
        md << "| " << row.family << " | " << row.accelerator << " | " << row.layers << " |";
        for (const auto& kind : study.kinds)
            md << ' ' << row.layersByKind.at(kind) << " |";
        md << ' ' << num(100 * row.macShare, "%.1f") << "% | "
           << formatCount(row.median[int(LayerFeature::ParamBytes)]) << "B | "
           << num(row.median[int(LayerFeature::FlopPerByte)], "%.1f") << " | "
           << num(row.median[int(LayerFeature::ParamReuse)], "%.1f") << " |\n";
    }
    md << "\nk-means on the same features found k = " << study.k << " clusters (mean silhouette "
       << num(study.meanSilhouette, "%.2f") << "); agreement with the families: adjusted Rand "
       << "index " << num(study.adjustedRandIndex, "%.2f") << ", purity "
       << num(100 * study.purity, "%.0f") << "%. The study found that the layers of its 24 "
       << "models group into a small number of families, served by three accelerators.\n\n";
    return md.str();
}

} // namespace mensa
