#include "study/LayerFamilyTable.h"
#include "cluster/FamilyClassifier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

using namespace mensa;

namespace {

std::vector<StudyModel> studyModels(std::initializer_list<const char*> names)
{
    std::vector<StudyModel> picked;
    for (auto& m : sampleSuiteStudyModels())
        if (std::find(names.begin(), names.end(), m.model.name) != names.end())
            picked.push_back(std::move(m));
    return picked;
}

size_t columns(const std::string& line)
{
    return std::count(line.begin(), line.end(), ',') + 1;
}

} // namespace

TEST(LayerFamilyTable, EveryComputeLayerLandsInExactlyOneFamilyAndOneCluster)
{
    auto models = studyModels({ "mobilenet_v2", "lstm_language_model", "crnn_text_recognition" });
    ASSERT_EQ(models.size(), 3u);
    auto classifier = FamilyClassifier::fromFile(FamilyClassifier::defaultRulesPath());
    FamilyStudy study = familyStudy(models, classifier);
    int computeLayers = 0;
    for (const auto& m : models)
        computeLayers += int(totals(m.model).computeLayers);
    ASSERT_EQ(int(study.families.size()), classifier.familyCount());
    int inFamilies = 0, inClusters = 0;
    double macShare = 0;
    for (const auto& f : study.families) {
        inFamilies += f.layers;
        macShare += f.macShare;
        int byKind = 0;
        for (const auto& [kind, n] : f.layersByKind)
            byKind += n;
        EXPECT_EQ(byKind, f.layers) << f.family;
    }
    for (const auto& c : study.clusters)
        inClusters += c.layers;
    EXPECT_EQ(inFamilies, computeLayers);
    EXPECT_EQ(inClusters, computeLayers);
    EXPECT_NEAR(macShare, 1.0, 1e-9);
    EXPECT_EQ(int(study.clusters.size()), study.k);
    EXPECT_EQ(study.kinds, (std::vector<std::string> { "CNN", "LSTM", "RCNN" }));
}

TEST(LayerFamilyTable, LstmLayersFallInTheFamilyMeantForPavlov)
{
    auto models = studyModels({ "lstm_language_model", "mobilenet_v1" });
    auto classifier = FamilyClassifier::fromFile(FamilyClassifier::defaultRulesPath());
    FamilyStudy study = familyStudy(models, classifier);
    int lstmLayersOnPavlovFamilies = 0;
    for (const auto& f : study.families)
        if (f.accelerator == "pavlov")
            lstmLayersOnPavlovFamilies += f.layersByKind.at("LSTM");
    EXPECT_GE(lstmLayersOnPavlovFamilies, 2); // the two LSTM layers of the language model
}

TEST(LayerFamilyTable, CsvAndMarkdownHaveARowPerFamilyAndCluster)
{
    auto models = studyModels({ "mobilenet_v2", "lstm_keyword_spotting" });
    auto classifier = FamilyClassifier::fromFile(FamilyClassifier::defaultRulesPath());
    FamilyStudy study = familyStudy(models, classifier);
    std::istringstream families(familyTableCsv(study));
    std::string header, line;
    std::getline(families, header);
    size_t rows = 0;
    while (std::getline(families, line)) {
        ++rows;
        // the description is the last, quoted column and may hold commas
        EXPECT_GE(columns(line), columns(header)) << line;
    }
    EXPECT_EQ(rows, study.families.size());
    std::istringstream clusters(clusterTableCsv(study));
    rows = 0;
    while (std::getline(clusters, line))
        ++rows;
    EXPECT_EQ(rows, 1 + study.clusters.size());
    std::string md = familyMarkdown(study);
    for (const auto& f : study.families)
        EXPECT_NE(md.find("| " + f.family + " | " + f.accelerator + " |"), std::string::npos);
}
