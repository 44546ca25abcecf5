// The importer's own shape inference for common operators (onnx/CommonShapes) must give exactly
// ONNX's shapes wherever it answers, and answer for the plain CNNs it exists for.
#include "onnx/CommonShapes.h"
#include "model/GraphBuilder.h"
#include "samples/SampleSuite.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace mensa;

namespace {

using ShapeMap = std::map<std::string, std::pair<int32_t, std::vector<int64_t>>>;

// Every fully static tensor type the graph's value_info and outputs declare.
ShapeMap declaredShapes(const onnx::GraphProto& graph)
{
    ShapeMap out;
    for (const auto* list : { &graph.value_info(), &graph.output() })
        for (const auto& info : *list) {
            const auto& t = info.type().tensor_type();
            std::vector<int64_t> dims;
            bool known = t.has_shape();
            for (const auto& d : t.shape().dim()) {
                known = known && d.has_dim_value();
                dims.push_back(d.dim_value());
            }
            if (known)
                out[info.name()] = { t.elem_type(), dims };
        }
    return out;
}

ShapeMap onnxShapes(onnx::ModelProto model)
{
    onnx::ShapeInferenceOptions options(false, 0, true);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
    return declaredShapes(model.graph());
}

} // namespace

TEST(CommonShapes, AgreesWithOnnxOnEverySampleItAnswersFor)
{
    std::set<std::string> answered;
    for (const SampleModel& sample : sampleSuite()) {
        onnx::ModelProto model = sample.build(WeightStorage::ExternalMissing);
        const ShapeMap expected = onnxShapes(model);
        if (!CommonShapes::infer(model))
            continue;
        answered.insert(sample.name);
        const ShapeMap ours = declaredShapes(model.graph());
        for (const auto& node : model.graph().node())
            for (const auto& name : node.output())
                EXPECT_TRUE(ours.count(name)) << sample.name << ": " << name;
        for (const auto& [name, shape] : ours) {
            ASSERT_TRUE(expected.count(name)) << sample.name << ": ONNX has no shape for " << name;
            EXPECT_EQ(shape, expected.at(name)) << sample.name << ": " << name;
        }
    }
    EXPECT_THAT(answered, ::testing::IsSupersetOf({ "resnet50", "mobilenet_v1", "mobilenet_v2" }))
        << ::testing::PrintToString(answered);
}

TEST(CommonShapes, LeavesTheModelUntouchedWhenItCannotAnswer)
{
    GraphBuilder g("pad");
    auto x = g.input("image", { 1, 3, 8, 8 });
    g.output(g.relu(g.conv(x, 4, 3)));
    onnx::ModelProto model = g.build(WeightStorage::GraphInputs);
    // An operator it does not list.
    model.mutable_graph()->mutable_node(0)->set_op_type("ConvTranspose");
    const std::string before = model.SerializeAsString();
    EXPECT_FALSE(CommonShapes::infer(model));
    EXPECT_EQ(model.SerializeAsString(), before);
}

TEST(CommonShapes, ADeclaredShapeThatDisagreesIsLeftToOnnx)
{
    GraphBuilder g("declared");
    auto x = g.input("image", { 1, 3, 8, 8 });
    g.output(g.relu(g.conv(x, 4, 3)));
    onnx::ModelProto model = g.build(WeightStorage::GraphInputs);
    onnx::ModelProto copy = model;
    ASSERT_TRUE(CommonShapes::infer(copy));
    auto* info = model.mutable_graph()->add_value_info();
    info->set_name(model.graph().node(0).output(0));
    auto* t = info->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : { 1, 4, 7, 7 })
        t->mutable_shape()->add_dim()->set_dim_value(d);
    const std::string before = model.SerializeAsString();
    EXPECT_FALSE(CommonShapes::infer(model));
    EXPECT_EQ(model.SerializeAsString(), before);
}

// Ceil-mode pooling (SqueezeNet v1.0, Caffe and torchvision pools) is answered, as ONNX does.
TEST(CommonShapes, AnswersCeilModePoolingAsOnnxDoes)
{
    GraphBuilder g("ceil_pool");
    auto x = g.input("image", { 1, 3, 54, 55 });
    g.output(g.maxPool(g.maxPool(x, 3, 2, 0, true), 3, 2, 1, true));
    onnx::ModelProto model = g.build(WeightStorage::GraphInputs);
    const ShapeMap expected = onnxShapes(model);
    ASSERT_TRUE(CommonShapes::infer(model));
    const ShapeMap ours = declaredShapes(model.graph());
    ASSERT_EQ(ours.size(), 2u);
    for (const auto& [name, shape] : ours) {
        ASSERT_TRUE(expected.count(name)) << name;
        EXPECT_EQ(shape, expected.at(name)) << name;
    }
    EXPECT_EQ(ours.at(model.graph().output(0).name()).second,
        (std::vector<int64_t> { 1, 3, 14, 14 })); // 54 x 55 -> 27 x 27 -> 14 x 14
}

// A window wider than its padded input has no valid position. Integer division rounds
// (4 - 5) / 3 + 1 up to one output; the fast path leaves such a node to ONNX and to the
// importer's window check, which refuses it (GraphPolicy.AWindowWiderThanItsPaddedInputIsRefused).
TEST(CommonShapes, AWindowWiderThanItsInputIsLeftToOnnx)
{
    GraphBuilder g("too_wide");
    auto x = g.input("image", { 1, 3, 4, 4 });
    g.output(g.conv(x, 4, 5, 3, 1, 0));
    onnx::ModelProto model = g.build(WeightStorage::GraphInputs);
    const std::string before = model.SerializeAsString();
    EXPECT_FALSE(CommonShapes::infer(model));
    EXPECT_EQ(model.SerializeAsString(), before);
}
