#include "cluster/ClusterExport.h"
#include "JsonCheck.h"
#include "cluster/FamilyClassifier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

using namespace mensa;
using namespace mensa::test;

namespace {

Layer layer(const std::string& name, LayerKind kind, int64_t macs, int64_t paramBytes, int64_t act,
    int64_t steps = 1)
{
    Layer l;
    l.name = name;
    l.kind = kind;
    l.nest.steps = steps;
    l.metrics.macs = macs;
    l.metrics.macsPerStep = macs / steps;
    l.metrics.params = l.metrics.paramBytes = paramBytes;
    l.metrics.inputActBytes = l.metrics.outputActBytes = act / 2;
    l.metrics.flopPerByte = 2.0 * macs / double(paramBytes + act);
    l.metrics.paramReuse = paramBytes ? double(macs) / paramBytes : 0;
    return l;
}

// A CNN-like and an LSTM-like model: two clearly different kinds of layers.
std::pair<Model, Model> twoModels()
{
    Model cnn, rnn;
    cnn.name = "cnn, \"small\"";
    rnn.name = "rnn";
    for (int i = 0; i < 8; ++i) {
        cnn.layers.push_back(layer("conv" + std::to_string(i), LayerKind::Conv,
            100000000 + i * 7000000, 36864 + i * 1000, 400000));
        rnn.layers.push_back(layer("lstm" + std::to_string(i), LayerKind::Lstm,
            50LL * (8388608 + i * 100000), 8388608 + i * 100000, 50 * 3072, 50));
    }
    return { cnn, rnn };
}

} // namespace

TEST(ClusterExport, FormatsAgreeAndFamiliesMatchClusters)
{
    auto [cnn, rnn] = twoModels();
    std::vector<const Model*> models = { &cnn, &rnn };
    ClusterReport report = clusterLayers(models);
    ASSERT_EQ(report.k, 2);
    const char* source = std::getenv("MENSA_SOURCE_DIR");
    FamilyClassifier classifier = FamilyClassifier::fromFile(
        std::string(source ? source : MENSA_SOURCE_DIR) + "/resources/families.textproto");
    FamilyComparison families = compareWithFamilies(report, models, classifier);
    EXPECT_DOUBLE_EQ(families.agreement.adjustedRandIndex, 1.0);
    EXPECT_EQ(families.accelerators[families.familyOfLayer[0]], "pascal");
    EXPECT_EQ(families.accelerators[families.familyOfLayer[8]], "pavlov");

    JsonValue json = JsonReader::parse(clusterReportToJson(report, models, &families));
    EXPECT_EQ(json["k"].number, 2);
    EXPECT_EQ(json["layers"].array.size(), 16u);
    EXPECT_EQ(json["clusters"].array.size(), 2u);
    EXPECT_EQ(json["models"].array[0]["name"].string, "cnn, \"small\"");
    EXPECT_DOUBLE_EQ(json["adjusted_rand_index"].number, 1.0);
    EXPECT_EQ(json["contingency"].array.size(), 2u);

    std::string csv = clusterReportToCsv(report, models, &families);
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 17);
    EXPECT_NE(csv.find("\"cnn, \"\"small\"\"\",conv0,Conv,0,"), std::string::npos);
    EXPECT_NE(csv.find(",Family 3 (LSTM-like),pavlov\n"), std::string::npos);
    EXPECT_NE(csv.find(",\"Family 1 (compute, small params)\",pascal\n"), std::string::npos);

    std::string table = clusterReportToTable(report, models, &families);
    EXPECT_NE(table.find("k = 2 (chosen by silhouette)"), std::string::npos);
    EXPECT_NE(table.find("adjusted Rand index 1.000"), std::string::npos);
}
