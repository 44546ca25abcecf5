#include "model/GraphBuilder.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace mensa;

namespace {

// One of every builder operation, so the checker sees each node form.
GraphBuilder everyOpModel(int opset)
{
    GraphBuilder b("every_op", opset);
    std::string x = b.input("image", { 1, 3, 32, 32 });
    std::string c = b.relu(b.batchNorm(b.conv(x, 16, 3, 2)));
    std::string d = b.relu6(b.depthwiseConv(c, 3));
    std::string e = b.hardSwish(b.conv(d, 16, 1, 1, 1, 0, 1, false));
    std::string f = b.add(e, b.sigmoid(b.conv(d, 16, 3, 1, 4, -1, 2)));
    std::string g = b.concat({ b.maxPool(f, 2, 2), b.avgPool(b.tanh(f), 3, 2, 1) }, 1);
    std::string h = b.mul(b.resize(g, 2.0), b.convTranspose(g, 32, 2, 2));
    std::string flat = b.flatten(b.globalAvgPool(h));
    b.output(b.softmax(b.gemm(flat, 10)));
    std::string seq = b.input("tokens", { 5, 2, 8 });
    std::string r = b.rnn(b.gru(b.lstm(seq, 4, true), 6), 3);
    std::string m = b.matmulWeights(r, 8);
    std::string q = b.reshape(m, { 5, 2, 2, 4 });
    b.output(b.matmul(q, b.transpose(q, { 0, 1, 3, 2 })));
    b.output(b.custom("MyOp", { flat }, { 1, 7 }, "com.example"));
    return b;
}

} // namespace

TEST(GraphBuilder, TracksShapes)
{
    GraphBuilder b("shapes");
    std::string x = b.input("x", { 1, 3, 224, 224 });
    std::string c = b.conv(x, 32, 3, 2);
    EXPECT_EQ(b.shape(c), (std::vector<int64_t> { 1, 32, 112, 112 }));
    EXPECT_EQ(b.shape(b.maxPool(c, 3, 2, 1)), (std::vector<int64_t> { 1, 32, 56, 56 }));
    EXPECT_EQ(b.shape(b.flatten(b.globalAvgPool(c))), (std::vector<int64_t> { 1, 32 }));
    EXPECT_EQ(b.shape(b.convTranspose(c, 8, 2, 2)), (std::vector<int64_t> { 1, 8, 224, 224 }));
    std::string s = b.input("s", { 7, 2, 10 });
    EXPECT_EQ(b.shape(b.lstm(s, 16, true)), (std::vector<int64_t> { 7, 2, 32 }));
    EXPECT_THROW(b.shape("nope"), std::invalid_argument);
}

class GraphBuilderChecker : public ::testing::TestWithParam<std::tuple<int, WeightStorage>> { };

TEST_P(GraphBuilderChecker, ProducesModelsThatPassTheOnnxChecker)
{
    auto [opset, storage] = GetParam();
    onnx::ModelProto model = everyOpModel(opset).build(storage);
    if (storage != WeightStorage::ExternalMissing) {
        EXPECT_NO_THROW(onnx::checker::check_model(model));
        return;
    }
    // onnx's checker insists that the external data file exists; the representation is the
    // standard external-data form, so check it beside a sparse placeholder of the right size.
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("mensa_gb_check_" + std::to_string(opset));
    fs::create_directories(dir);
    std::ofstream(dir / "every_op.onnx", std::ios::binary) << model.SerializeAsString();
    std::ofstream(dir / "every_op.weights.bin", std::ios::binary).close();
    fs::resize_file(dir / "every_op.weights.bin", 1 << 20);
    EXPECT_NO_THROW(onnx::checker::check_model((dir / "every_op.onnx").string()));
    EXPECT_THROW(
        onnx::checker::check_model(model), onnx::checker::ValidationError); // file missing here
    fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(AllStorages, GraphBuilderChecker,
    ::testing::Combine(::testing::Values(7, 9, 11, 13),
        ::testing::Values(
            WeightStorage::Values, WeightStorage::ExternalMissing, WeightStorage::GraphInputs)));

TEST(GraphBuilder, WeightStorageForms)
{
    GraphBuilder b("tiny");
    b.output(b.conv(b.input("x", { 1, 2, 8, 8 }), 4, 3));
    onnx::ModelProto values = b.build(WeightStorage::Values);
    ASSERT_EQ(values.graph().initializer_size(), 2);
    EXPECT_EQ(values.graph().initializer(0).raw_data().size(), 4u * 2 * 3 * 3 * sizeof(float));

    onnx::ModelProto external = b.build(WeightStorage::ExternalMissing);
    const auto& w = external.graph().initializer(0);
    EXPECT_EQ(w.data_location(), onnx::TensorProto::EXTERNAL);
    EXPECT_TRUE(w.raw_data().empty());
    ASSERT_EQ(w.external_data_size(), 3);
    EXPECT_EQ(w.external_data(0).value(), "tiny.weights.bin");
    EXPECT_EQ(w.external_data(2).value(), std::to_string(4 * 2 * 3 * 3 * sizeof(float)));

    onnx::ModelProto inputs = b.build(WeightStorage::GraphInputs);
    EXPECT_EQ(inputs.graph().initializer_size(), 0);
    EXPECT_EQ(inputs.graph().input_size(), 3);

    onnx::ModelProto parsed;
    ASSERT_TRUE(parsed.ParseFromString(b.serialize(WeightStorage::Values)));
    EXPECT_EQ(parsed.graph().node_size(), 1);
}
