#include "cluster/ClusterExport.h"

#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <cstdio>
#include <sstream>

namespace mensa {
namespace {

std::string fixed(double v, const char* format = "%.3g")
{
    return formatNumber(v, format);
}

std::string padded(const std::string& text, size_t width)
{
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

const Layer& layerOf(const ClusterReport& r, const std::vector<const Model*>& models, int i)
{
    return models.at(r.layers[i].model)->layers.at(r.layers[i].layer);
}

void tableCentroids(const ClusterReport& r, std::ostringstream& o)
{
    o << padded("cluster", 9) << padded("layers", 8) << padded("silh.", 7);
    for (int f = 0; f < kLayerFeatureCount; ++f)
        o << padded(std::string(columnName(LayerFeature(f))), 18);
    o << "\n";
    for (int c = 0; c < r.k; ++c) {
        const LayerCluster& cl = r.clusters[c];
        o << padded(std::to_string(c), 9) << padded(std::to_string(cl.members.size()), 8)
          << padded(fixed(cl.meanSilhouette, "%.2f"), 7);
        for (int f = 0; f < kLayerFeatureCount; ++f)
            o << padded(fixed(cl.centroidOriginal[f]) + " (z "
                    + fixed(cl.centroidStandardized[f], "%+.1f") + ")",
                18);
        o << "\n";
    }
}

void tableShares(
    const ClusterReport& r, const std::vector<const Model*>& models, std::ostringstream& o)
{
    o << "\nShare of each model's layers per cluster:\n" << padded("model", 28);
    for (int c = 0; c < r.k; ++c)
        o << padded("c" + std::to_string(c), 7);
    o << "\n";
    for (size_t m = 0; m < models.size(); ++m) {
        o << padded(models[m]->name, 28);
        for (int c = 0; c < r.k; ++c)
            o << padded(fixed(100 * r.sharePerModel[m][c], "%.0f%%"), 7);
        o << "\n";
    }
}

// One row per family (names are long, clusters few), one column per cluster.
void tableFamilies(const ClusterReport& r, const FamilyComparison& fam, std::ostringstream& o)
{
    size_t width = 8;
    for (size_t f = 0; f < fam.familyNames.size(); ++f)
        width = std::max(width, fam.familyNames[f].size() + fam.accelerators[f].size() + 4);
    o << "\nRule-based families vs clusters (layer counts):\n" << padded("family", width);
    for (int c = 0; c < r.k; ++c)
        o << padded("c" + std::to_string(c), 7);
    o << "\n";
    for (size_t f = 0; f < fam.familyNames.size(); ++f) {
        o << padded(fam.familyNames[f] + " (" + fam.accelerators[f] + ")", width);
        for (int c = 0; c < r.k; ++c)
            o << padded(std::to_string(fam.agreement.contingency[c][f]), 7);
        o << "\n";
    }
    o << "adjusted Rand index " << fixed(fam.agreement.adjustedRandIndex, "%.3f") << ", purity "
      << fixed(fam.agreement.purity, "%.3f") << "\n";
}

std::string featuresJson(const FeatureVector& f)
{
    std::string out = "{";
    for (int j = 0; j < kLayerFeatureCount; ++j)
        out += (j ? "," : "") + jsonQuote(columnName(LayerFeature(j))) + ":" + jsonNumber(f[j]);
    return out + "}";
}

} // namespace

std::string clusterReportToTable(const ClusterReport& r, const std::vector<const Model*>& models,
    const FamilyComparison* families)
{
    std::ostringstream o;
    o << r.layers.size() << " layers from " << models.size() << " model(s), k = " << r.k
      << (r.kChosenBySilhouette ? " (chosen by silhouette)" : "") << ", mean silhouette "
      << fixed(r.meanSilhouette, "%.3f") << "\n";
    if (!r.silhouetteByK.empty()) {
        o << "silhouette by k:";
        for (const auto& [k, s] : r.silhouetteByK)
            o << " " << k << ":" << fixed(s, "%.3f");
        o << "\n";
    }
    o << "\nCentroids (original units; z-score in brackets):\n";
    tableCentroids(r, o);
    tableShares(r, models, o);
    if (families)
        tableFamilies(r, *families, o);
    return o.str();
}

std::string clusterReportToCsv(const ClusterReport& r, const std::vector<const Model*>& models,
    const FamilyComparison* families)
{
    std::string out = "model,layer,kind,cluster,silhouette";
    for (int f = 0; f < kLayerFeatureCount; ++f)
        out += "," + std::string(columnName(LayerFeature(f)));
    out += families ? ",family,accelerator\n" : "\n";
    for (int i = 0; i < int(r.layers.size()); ++i) {
        const Layer& layer = layerOf(r, models, i);
        out += csvField(models[r.layers[i].model]->name) + "," + csvField(layer.name) + ","
            + std::string(toString(layer.kind)) + "," + std::to_string(r.labels[i]) + ","
            + fixed(r.silhouette[i], "%.6g");
        for (double v : r.raw[i])
            out += "," + fixed(v, "%.9g");
        if (families) {
            int f = families->familyOfLayer[i];
            out += "," + csvField(families->familyNames[f]) + ","
                + csvField(families->accelerators[f]);
        }
        out += "\n";
    }
    return out;
}

std::string clusterReportToJson(const ClusterReport& r, const std::vector<const Model*>& models,
    const FamilyComparison* families)
{
    std::ostringstream o;
    o << "{\"k\":" << r.k
      << ",\"k_chosen_by_silhouette\":" << (r.kChosenBySilhouette ? "true" : "false")
      << ",\"mean_silhouette\":" << jsonNumber(r.meanSilhouette)
      << ",\"inertia\":" << jsonNumber(r.inertia) << ",\"silhouette_by_k\":[";
    for (size_t i = 0; i < r.silhouetteByK.size(); ++i)
        o << (i ? "," : "") << "{\"k\":" << r.silhouetteByK[i].first
          << ",\"silhouette\":" << jsonNumber(r.silhouetteByK[i].second) << "}";
    o << "],\"models\":[";
    for (size_t m = 0; m < models.size(); ++m) {
        o << (m ? "," : "") << "{\"name\":" << jsonQuote(models[m]->name) << ",\"cluster_share\":[";
        for (int c = 0; c < r.k; ++c)
            o << (c ? "," : "") << jsonNumber(r.sharePerModel[m][c]);
        o << "]}";
    }
    o << "],\"clusters\":[";
    for (int c = 0; c < r.k; ++c) {
        const LayerCluster& cl = r.clusters[c];
        o << (c ? "," : "") << "{\"id\":" << c << ",\"size\":" << cl.members.size()
          << ",\"mean_silhouette\":" << jsonNumber(cl.meanSilhouette)
          << ",\"centroid_standardized\":" << featuresJson(cl.centroidStandardized)
          << ",\"centroid\":" << featuresJson(cl.centroidOriginal) << "}";
    }
    o << "],\"layers\":[";
    for (int i = 0; i < int(r.layers.size()); ++i) {
        const Layer& layer = layerOf(r, models, i);
        o << (i ? "," : "") << "{\"model\":" << r.layers[i].model
          << ",\"name\":" << jsonQuote(layer.name)
          << ",\"kind\":" << jsonQuote(toString(layer.kind)) << ",\"cluster\":" << r.labels[i]
          << ",\"silhouette\":" << jsonNumber(r.silhouette[i])
          << ",\"features\":" << featuresJson(r.raw[i]);
        if (families)
            o << ",\"family\":" << families->familyOfLayer[i];
        o << "}";
    }
    o << "]";
    if (families) {
        o << ",\"families\":[";
        for (size_t f = 0; f < families->familyNames.size(); ++f)
            o << (f ? "," : "") << "{\"name\":" << jsonQuote(families->familyNames[f])
              << ",\"accelerator\":" << jsonQuote(families->accelerators[f]) << "}";
        o << "],\"contingency\":[";
        const auto& table = families->agreement.contingency;
        for (size_t c = 0; c < table.size(); ++c) {
            o << (c ? "," : "") << "[";
            for (size_t f = 0; f < table[c].size(); ++f)
                o << (f ? "," : "") << table[c][f];
            o << "]";
        }
        o << "],\"adjusted_rand_index\":" << jsonNumber(families->agreement.adjustedRandIndex)
          << ",\"purity\":" << jsonNumber(families->agreement.purity);
    }
    o << "}\n";
    return o.str();
}

} // namespace mensa
