#include "cluster/FamilyClassifier.h"
#include "util/Error.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace mensa;

namespace {

std::string rulesPath()
{
    const char* source = std::getenv("MENSA_SOURCE_DIR");
    return std::string(source ? source : MENSA_SOURCE_DIR) + "/resources/families.textproto";
}

Layer layer(LayerKind kind, int64_t macs, int64_t paramBytes, int64_t act, int64_t steps = 1)
{
    Layer l;
    l.kind = kind;
    l.nest.steps = steps;
    l.metrics.macs = macs;
    l.metrics.macsPerStep = macs / steps;
    l.metrics.params = l.metrics.paramBytes = paramBytes;
    l.metrics.inputActBytes = act / 2;
    l.metrics.outputActBytes = act / 2;
    l.metrics.flopPerByte = 2.0 * macs / double(paramBytes + act);
    l.metrics.paramReuse = paramBytes ? double(macs) / paramBytes : 0;
    return l;
}

std::string errorOf(const std::string& text)
{
    try {
        FamilyClassifier::fromText(text, "bad.textproto");
    }
    catch (const MensaError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(FamilyClassifier, ShippedRulesMapLayersToTheirMensaAccelerator)
{
    FamilyClassifier c = FamilyClassifier::fromFile(rulesPath());
    ASSERT_EQ(c.familyCount(), 6);
    // 3x3 conv 64->64 at 56x56: high reuse and FLOP/B, small weights.
    int conv = c.classify(layer(LayerKind::Conv, 115605504, 36864, 401408));
    EXPECT_EQ(c.familyName(conv), "Family 1 (compute, small params)");
    EXPECT_EQ(c.accelerator(conv), "pascal");
    // 1x1 conv 1024->1024 at 7x7: large weights, still compute-centric.
    EXPECT_EQ(c.familyName(c.classify(layer(LayerKind::Conv, 51380224, 1048576, 100352))),
        "Family 2 (compute, large params)");
    // LSTM, hidden 1024, 50 steps: 8 MB of gate weights used once per step.
    int lstm = c.classify(layer(LayerKind::Lstm, 50LL * 8388608, 8388608, 50 * 3072, 50));
    EXPECT_EQ(c.familyName(lstm), "Family 3 (LSTM-like)");
    EXPECT_EQ(c.accelerator(lstm), "pavlov");
    // Depthwise 3x3 at 112x112x32: tiny weights, big activations, some reuse.
    int dw = c.classify(layer(LayerKind::DepthwiseConv, 3612672, 288, 802816));
    EXPECT_EQ(c.familyName(dw), "Family 4 (data-centric, some reuse)");
    EXPECT_EQ(c.accelerator(dw), "jacquard");
    // Parameter-free attention MatMul.
    EXPECT_EQ(c.familyName(c.classify(layer(LayerKind::MatMul, 64 * 64 * 64, 0, 3 * 4096))),
        "Family 5 (data-centric, no reuse)");
}

TEST(FamilyClassifier, RulesApplyInOrderAndFallBack)
{
    FamilyClassifier c = FamilyClassifier::fromText(R"(
        family { name: "Big" accelerator: "Pavlov" param_bytes { min: 1000 } kinds: "FullyConnected" }
        family { name: "Any" accelerator: "Pascal" macs { max: 10 } }
        fallback_family: "Rest"
        fallback_accelerator: "jacquard"
    )",
        "inline");
    EXPECT_EQ(c.familyName(c.classify(layer(LayerKind::FullyConnected, 5, 2000, 10))), "Big");
    EXPECT_EQ(c.familyName(c.classify(layer(LayerKind::Conv, 5, 2000, 10))), "Any");
    int rest = c.classify(layer(LayerKind::Conv, 50, 2000, 10));
    EXPECT_EQ(rest, c.fallbackIndex());
    EXPECT_EQ(c.familyName(rest), "Rest");
    EXPECT_EQ(c.accelerator(rest), "jacquard");
}

TEST(FamilyClassifier, BadRulesReportFileLineAndColumn)
{
    std::string unknownField = errorOf("family {\n  name: \"x\"\n  flops { min: 1 }\n}\n");
    EXPECT_EQ(unknownField.rfind("bad.textproto:3:", 0), 0u) << unknownField;
    EXPECT_NE(unknownField.find("flops"), std::string::npos);
    std::string badValue = errorOf("family { name: \"x\" macs { min: \"lots\" } }");
    EXPECT_EQ(badValue.rfind("bad.textproto:1:", 0), 0u) << badValue;
    EXPECT_NE(errorOf("family { name: \"x\" macs { min: 5 max: 1 } }").find("min > max"),
        std::string::npos);
    EXPECT_NE(errorOf("family { name: \"x\" kinds: \"Convolution\" }")
                  .find("unknown layer kind 'Convolution'"),
        std::string::npos);
    EXPECT_NE(errorOf("fallback_family: \"x\"").find("no family"), std::string::npos);
    EXPECT_NE(errorOf("family { accelerator: \"Pascal\" }").find("no name"), std::string::npos);
    EXPECT_THROW(FamilyClassifier::fromFile("/nonexistent/families.textproto"), MensaError);
}
