// The note beside the paper's hatched average: per-kind geomeans of the open models and the
// models below the average, with the reason their kind gives.
#include "study/PaperComparison.h"

#include "CostTestModels.h"

#include <gtest/gtest.h>

using namespace mensa;

TEST(PaperComparison, ModelKindFromTheSuiteOrTheLayers)
{
    Model sample;
    sample.name = "rnnt_phoneme"; // a Transducer of the sample suite
    EXPECT_EQ(modelKind(sample), "Transducer");
    EXPECT_EQ(modelKind(testmodels::mobileNetV2(96)), "CNN");
    testmodels::LayerModelBuilder b("speech");
    b.lstm(b.input("features", { 40, 10, 1 }), 64);
    EXPECT_EQ(modelKind(b.build()), "LSTM");
}

TEST(PaperComparison, GeomeanPerKindAndModelsBelowThePaper)
{
    const PaperComparisonNote note = comparePaperAverage(
        { { "a", "CNN", 2.0 }, { "b", "CNN", 8.0 }, { "c", "LSTM", 5.0 }, { "d", "CNN", 0 } }, 3.1,
        "throughput", "Mensa", "Edge TPU");
    ASSERT_EQ(note.kinds.size(), 2u);
    EXPECT_EQ(note.kinds[0].kind, "CNN");
    EXPECT_DOUBLE_EQ(note.kinds[0].geomean, 4.0); // sqrt(2 x 8); the 0 gain is left out
    EXPECT_EQ(note.kinds[0].models, 2);
    EXPECT_EQ(note.kinds[1].kind, "LSTM");
    EXPECT_DOUBLE_EQ(note.kinds[1].geomean, 5.0);
    EXPECT_EQ(note.belowPaper, std::vector<std::string> { "a" });
    EXPECT_EQ(note.summary,
        "Mensa throughput over Edge TPU: paper 3.10x; measured geomean per kind: CNN 4.00x (2 "
        "models), LSTM 5.00x (1 model); below the paper: a (CNN) 2.00x.");
    ASSERT_EQ(note.reasons.size(), 1u); // one reason per kind below the paper
    EXPECT_EQ(note.reasons[0].rfind("CNN: ", 0), 0u) << note.reasons[0];
    EXPECT_NE(note.text().find("Google's 24 edge models"), std::string::npos);
}
