// Model/hardware co-design: the model axis of a search space (published MobileNet variants with
// their ImageNet top-1), its parse errors, what a point of it simulates, and the comparison of
// joint, hardware-only and model-only search against brute force.
#include "dse/Codesign.h"
#include "ErrorCheck.h"
#include "cost/SystemLoader.h"
#include "dse/ExploreCollector.h"
#include "dse/PointTable.h"
#include "dse/Search.h"
#include "mapping/DesignRun.h"
#include "onnx/OnnxImporter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace mensa;
using mensa::test::errorOf;
using ::testing::HasSubstr;

namespace {

// The base Edge TPU's 64x64 array and 8 MiB buffer are values of the axes, so the model-only
// search's hardware is a point of the joint space.
const char* kCodesign = R"(name: "codesign"
base: "edge_tpu"
model_axis {
  families: "mobilenet_v2"
  widths: 0.5
  widths: 1.0
  resolutions: 128
  resolutions: 224
  baseline: "mobilenet_v2_1.0_224"
}
axes { field: "pe_rows" values: 16 values: 64 }
axes { field: "parameter_buffer.size_bytes" values: 1048576 values: 8388608 }
constraints { min_top1: 57 max_latency_ms: 3 }
objectives { name: "energy" }
objectives { name: "top1_error" }
)";

SearchSpace codesignSpace(const std::string& text = kCodesign)
{
    return parseSearchSpaceText(text, "space.textproto", "");
}

std::string replaced(std::string text, const std::string& from, const std::string& to)
{
    text.replace(text.find(from), from.size(), to);
    return text;
}

std::string parseError(const std::string& text)
{
    return errorOf([&] { codesignSpace(text); });
}

} // namespace

TEST(Codesign, TheModelAxisHoldsThePublishedVariantsItsFiltersSelect)
{
    const SearchSpace space = codesignSpace();
    ASSERT_TRUE(space.hasModelAxis());
    EXPECT_EQ(space.axes.front().field, "model");
    EXPECT_THAT(space.axes.front().labels,
        ::testing::ElementsAre("mobilenet_v2_1.0_224", "mobilenet_v2_1.0_128",
            "mobilenet_v2_0.5_224", "mobilenet_v2_0.5_128"));
    EXPECT_EQ(space.pointCount(), 4u * 2 * 2);
    EXPECT_EQ(space.baselineVariant, 0u);
    EXPECT_DOUBLE_EQ(space.variants[3].top1, 57.7);
    // Without a baseline, the most accurate variant is kept.
    const SearchSpace plain
        = codesignSpace(replaced(kCodesign, "baseline: \"mobilenet_v2_1.0_224\"", ""));
    EXPECT_EQ(plain.variants[plain.baselineVariant].name(), "mobilenet_v2_1.0_224");
    // The spec of a point ignores the model axis.
    const uint64_t index = space.indexOf({ 2, 0, 1 });
    EXPECT_EQ(space.variantAt(index).name(), "mobilenet_v2_0.5_224");
    EXPECT_EQ(space.specAt(index).accelerators(0).pe_rows(), 16);
}

TEST(Codesign, BadModelAxesAreRefusedWithTheirPosition)
{
    EXPECT_THAT(parseError(replaced(kCodesign, "families: \"mobilenet_v2\"", "families: \"vgg\"")),
        HasSubstr("space.textproto:4:3: model_axis: family \"vgg\" has no published variants"));
    EXPECT_THAT(parseError(replaced(replaced(kCodesign, "resolutions: 128", "resolutions: 100"),
                    "resolutions: 224", "resolutions: 101")),
        HasSubstr("model_axis: no published variant has these families, widths and resolutions"));
    EXPECT_THAT(parseError(replaced(kCodesign, "mobilenet_v2_1.0_224", "mobilenet_v2_1.4_224")),
        HasSubstr("space.textproto:9:3: model_axis: baseline \"mobilenet_v2_1.4_224\" is not one"));
    const std::string hardwareOnly = R"(base: "edge_tpu"
axes { field: "pe_rows" values: 16 values: 64 }
objectives { name: "top1_error" }
)";
    EXPECT_THAT(parseError(hardwareOnly),
        HasSubstr("space.textproto:3:14: objective \"top1_error\" needs a model_axis"));
    EXPECT_THAT(parseError(replaced(hardwareOnly, "objectives { name: \"top1_error\" }",
                    "constraints { min_top1: 50 }")),
        HasSubstr("space.textproto:3:15: constraints: min_top1 needs a model_axis"));
    EXPECT_THAT(parseError(std::string(kCodesign) + "models: \"a.onnx\"\n"),
        HasSubstr("models: a space with a model_axis takes its models from the axis"));
}

TEST(Codesign, APointSimulatesItsVariantOnItsHardware)
{
    const SearchSpace space = codesignSpace();
    const Explorer explorer(space, {});
    const uint64_t index = space.indexOf({ 1, 1, 1 });
    const PointResult p = explorer.evaluate(index);
    ASSERT_EQ(p.status, PointStatus::Evaluated);
    EXPECT_DOUBLE_EQ(p.top1, 65.3);
    // The same numbers as running the variant's model on the point's design directly.
    const ModelVariant& v = *findVariant("mobilenet_v2", 1.0, 128);
    const Model model = importOnnxBytes(serializeVariant(v), v.name() + ".onnx");
    const AcceleratorSystem system
        = buildSystem(std::make_shared<spec::SystemSpec>(space.specAt(index)));
    const DesignRun run = runOnDesign(model, system, MappingPolicy::defaults());
    EXPECT_EQ(p.latency, run.cost.latency);
    EXPECT_EQ(p.energy, run.cost.energyPerInference);
    ASSERT_EQ(p.perModel.size(), 1u);
    EXPECT_DOUBLE_EQ(objectiveValue(space.objectives[1], p), 100 - 65.3);
    // A CSV row carries top1 and reads back to the same point.
    const PointResult back = parsePointCsvRow(
        space, pointCsvRow(space, p).substr(0, pointCsvRow(space, p).size() - 1), 1, "row");
    EXPECT_EQ(back.top1, p.top1);
    EXPECT_EQ(back.feasible, p.feasible);
    EXPECT_THAT(pointCsvHeader(space, { "variant" }), HasSubstr(",power_w,top1,"));
    EXPECT_THROW(Explorer(space, { std::make_shared<const Model>(model) }), MensaError);
}

TEST(Codesign, JointSearchIsNoWorseThanHardwareOnlyOrModelOnlyAndEachMatchesBruteForce)
{
    const SearchSpace space = codesignSpace();
    const Explorer explorer(space, {});
    ExploreCollector collector(space);
    std::vector<PointResult> all;
    exploreExhaustive(explorer, ShardSlice {}, [&](const PointResult& p) {
        collector.add(p);
        all.push_back(p);
    });
    const std::vector<CodesignRow> rows = compareCodesign(explorer, collector);
    ASSERT_EQ(rows.size(), 3u);
    auto bestOf = [&](auto keep) {
        double best = std::numeric_limits<double>::infinity();
        for (const PointResult& p : all)
            if (p.feasible && keep(p))
                best = std::min(best, p.energy);
        return best;
    };
    const double joint = bestOf([](const PointResult&) { return true; });
    const double hardwareOnly = bestOf([&](const PointResult& p) {
        return space.variantAt(p.index).name() == "mobilenet_v2_1.0_224";
    });
    // The base spec is the point (variant, 64 rows, 8 MiB) of the joint space.
    const double modelOnly = bestOf([&](const PointResult& p) {
        const auto c = space.choicesOf(p.index);
        return c[1] == 1 && c[2] == 1;
    });
    ASSERT_TRUE(rows[0].best && rows[1].best && rows[2].best);
    EXPECT_EQ(rows[0].best->energy, joint);
    EXPECT_EQ(rows[1].best->energy, hardwareOnly);
    EXPECT_EQ(rows[2].best->energy, modelOnly);
    EXPECT_EQ(rows[1].model, "mobilenet_v2_1.0_224");
    EXPECT_EQ(rows[2].hardware, "base edge_tpu");
    EXPECT_LE(joint, hardwareOnly);
    EXPECT_LE(joint, modelOnly);
    EXPECT_GE(rows[0].best->top1, 57.0); // the min_top1 constraint
    const std::string csv = codesignCsv(space, rows);
    EXPECT_THAT(csv, HasSubstr("search,held,energy,model,top1,"));
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
}
