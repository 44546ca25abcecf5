// The cost models on models that went through the real importer and characterizer,
// checked against the hand-built layer IR the reproduction tests use.
#include "BuiltinSystems.h"
#include "CostTestModels.h"
#include "ReferenceModels.h"
#include "cost/Simulation.h"
#include "cost/SystemLoader.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mensa;
using mensa::test::builtinSystem;

namespace {

} // namespace

TEST(CostOnImportedModels, ImportedMobileNetV2MatchesTheHandBuiltOne)
{
    Model imported = importOnnxBytes(reference::mobileNetV2().serialize(), "mobilenet_v2.onnx");
    Model handBuilt = testmodels::mobileNetV2();
    for (const char* name : { "edge_tpu", "eyeriss_v2" }) {
        auto accel = builtinSystem(name);
        auto a = simulate(imported, *accel.accelerators[0]);
        auto b = simulate(handBuilt, *accel.accelerators[0]);
        EXPECT_NEAR(a.macs, b.macs, 0.01 * b.macs) << name;
        EXPECT_NEAR(a.latency, b.latency, 0.05 * b.latency) << name;
        EXPECT_NEAR(a.energyPerInference, b.energyPerInference, 0.1 * b.energyPerInference) << name;
    }
}

TEST(CostOnImportedModels, ImportedLstmIsMatrixVectorBoundOnTheEdgeTpu)
{
    GraphBuilder g("lstm");
    auto x = g.input("x", { 20, 1, 512 });
    x = g.lstm(x, 1024);
    g.output(g.lstm(x, 1024));
    Model m = importOnnxBytes(g.serialize(), "lstm.onnx");
    auto edge = builtinSystem("edge_tpu");
    auto cost = simulate(m, *edge.accelerators[0]);
    int lstms = 0;
    for (size_t i = 0; i < m.layers.size(); ++i)
        if (m.layers[i].kind == LayerKind::Lstm) {
            EXPECT_LT(cost.layers[i].utilization, 0.01) << m.layers[i].name;
            ++lstms;
        }
    EXPECT_EQ(lstms, 2);
    EXPECT_GT(cost.streamedParameterBytes, 0); // 14.7 MB of weights: past the 8 MB cliff
}
