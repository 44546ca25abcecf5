#pragma once

#include "cluster/LayerClustering.h"
#include "study/Reproduction.h"

#include <map>
#include <string>
#include <vector>

namespace mensa {

class FamilyClassifier;

// The study's layer families: every compute layer of the study models classified by the
// family rules, and independently clustered (k-means on the study's feature axes).
struct FamilyRow {
    std::string family;
    std::string accelerator; // the Mensa accelerator meant for the family
    std::string description;
    int layers = 0;
    double macShare = 0; // of the MACs of all clustered layers
    std::map<std::string, int> layersByKind; // "CNN" -> count, ...
    int models = 0; // models with at least one layer in the family
    FeatureVector median {}; // raw feature medians of its layers
};

struct ClusterRow {
    int cluster = 0;
    int layers = 0;
    FeatureVector centroid {}; // raw units
    double meanSilhouette = 0;
    std::string mainFamily; // the family most of its layers belong to
    double mainFamilyShare = 0;
};

struct FamilyStudy {
    std::vector<std::string> kinds; // in first-seen order, the columns of layersByKind
    std::vector<FamilyRow> families;
    std::vector<ClusterRow> clusters;
    int k = 0;
    double meanSilhouette = 0;
    double adjustedRandIndex = 0;
    double purity = 0;
};

// Throws MensaError when no model has a compute layer.
FamilyStudy familyStudy(const std::vector<StudyModel>& models, const FamilyClassifier& classifier,
    const ClusterOptions& options = {});

std::string familyTableCsv(const FamilyStudy& study);
std::string clusterTableCsv(const FamilyStudy& study);
// Markdown section "Layer families and clusters" for the study summary.
std::string familyMarkdown(const FamilyStudy& study);

} // namespace mensa
