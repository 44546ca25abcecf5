#include "ReferenceModels.h"
#include "model/Model.h"
#include "onnx/OnnxImporter.h"

#include <gtest/gtest.h>

using namespace mensa;

namespace {

Model importBuilt(
    const GraphBuilder& builder, WeightStorage storage = WeightStorage::ExternalMissing)
{
    return importOnnxBytes(builder.serialize(storage), "reference.onnx");
}

} // namespace

TEST(ReferenceCounts, MobileNetV2MatchesPublishedFigures)
{
    Model model = importBuilt(reference::mobileNetV2());
    ModelTotals t = totals(model);
    EXPECT_NEAR(static_cast<double>(t.macs), 300e6, 0.05 * 300e6);
    EXPECT_NEAR(static_cast<double>(t.params), 3.5e6, 0.05 * 3.5e6);
    // 52 convolutions + 1 FC; every BatchNorm and ReLU6 fused.
    EXPECT_EQ(t.computeLayers, 53);
    for (const auto& layer : model.layers)
        EXPECT_NE(layer.opType, "BatchNormalization") << layer.name;
}

TEST(ReferenceCounts, ResNet50MatchesPublishedFigures)
{
    Model model = importBuilt(reference::resNet50(), WeightStorage::GraphInputs);
    ModelTotals t = totals(model);
    EXPECT_NEAR(static_cast<double>(t.macs), 4.1e9, 0.05 * 4.1e9);
    EXPECT_NEAR(static_cast<double>(t.params), 25.6e6, 0.05 * 25.6e6);
    EXPECT_EQ(t.computeLayers, 54); // 53 convolutions + FC
}
