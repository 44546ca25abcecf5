// The reader skips large tensor payloads at the wire level (PayloadSkipper): the parsed model
// must equal a full protobuf parse with those payloads cleared, keep the small constants shape
// inference reads, record the skipped sizes, and refuse malformed bytes.
#include "onnx/PayloadSkipper.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"
#include "onnx/OnnxModelReader.h"
#include "samples/SampleSuite.h"
#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace mensa;

namespace {

// The old reader's result, computed independently: a full parse, then every payload over the
// thresholds cleared, in every tensor of the model (graphs, subgraphs, attributes).
void clearLargePayloads(onnx::TensorProto& t)
{
    if (t.raw_data().size() > 4096)
        t.clear_raw_data();
    if (t.float_data_size() > 512)
        t.clear_float_data();
    if (t.double_data_size() > 512)
        t.clear_double_data();
    if (t.int32_data_size() > 512)
        t.clear_int32_data();
}

void clearLargePayloads(onnx::GraphProto& graph)
{
    for (auto& t : *graph.mutable_initializer())
        clearLargePayloads(t);
    for (auto& node : *graph.mutable_node())
        for (auto& attr : *node.mutable_attribute()) {
            if (attr.has_t())
                clearLargePayloads(*attr.mutable_t());
            for (auto& t : *attr.mutable_tensors())
                clearLargePayloads(t);
            if (attr.has_g())
                clearLargePayloads(*attr.mutable_g());
            for (auto& g : *attr.mutable_graphs())
                clearLargePayloads(g);
        }
}

onnx::ModelProto expectedSkim(const std::string& bytes)
{
    onnx::ModelProto full;
    EXPECT_TRUE(full.ParseFromString(bytes));
    clearLargePayloads(*full.mutable_graph());
    return full;
}

std::string withoutMarkers(onnx::ModelProto model)
{
    model.DiscardUnknownFields();
    return model.SerializeAsString();
}

const onnx::TensorProto& initializer(const onnx::ModelProto& model, const std::string& name)
{
    for (const auto& t : model.graph().initializer())
        if (t.name() == name)
            return t;
    throw std::runtime_error("no initializer " + name);
}

GraphBuilder convNet()
{
    GraphBuilder b("conv_net");
    std::string x = b.input("x", { 1, 8, 16, 16 });
    std::string c = b.relu(b.batchNorm(b.conv(x, 32, 3)));
    b.output(b.gemm(b.reshape(b.globalAvgPool(c), { 1, 32 }), 10));
    return b;
}

// A Constant node whose value is `tensor`, inside the then-branch of an If node.
onnx::ModelProto modelWithNestedTensor(const onnx::TensorProto& tensor)
{
    onnx::ModelProto model = convNet().build(WeightStorage::Values);
    onnx::NodeProto& node = *model.mutable_graph()->add_node();
    node.set_op_type("If");
    onnx::AttributeProto& attr = *node.add_attribute();
    attr.set_name("then_branch");
    attr.set_type(onnx::AttributeProto::GRAPH);
    onnx::NodeProto& constant = *attr.mutable_g()->add_node();
    constant.set_op_type("Constant");
    constant.add_output("c");
    onnx::AttributeProto& value = *constant.add_attribute();
    value.set_name("value");
    value.set_type(onnx::AttributeProto::TENSOR);
    *value.mutable_t() = tensor;
    return model;
}

const onnx::TensorProto& nestedTensor(const onnx::ModelProto& model)
{
    const onnx::NodeProto& node = model.graph().node(model.graph().node_size() - 1);
    return node.attribute(0).g().node(0).attribute(0).t();
}

onnx::TensorProto int32Tensor(int count)
{
    onnx::TensorProto t;
    t.set_name("codes");
    t.set_data_type(onnx::TensorProto::INT8);
    t.add_dims(count);
    for (int i = 0; i < count; ++i)
        t.add_int32_data(i % 2 ? -1 : 7); // -1 takes ten bytes as a varint
    return t;
}

} // namespace

TEST(PayloadSkipper, EqualsAFullParseWithLargePayloadsCleared)
{
    for (const char* name : { "squeezenet1_1", "lstm_keyword_spotting", "crnn_text_recognition" }) {
        std::string bytes = serializeSample(*findSample(name), WeightStorage::Values);
        onnx::ModelProto skimmed = OnnxModelReader::parseBytes(bytes);
        EXPECT_EQ(withoutMarkers(skimmed), withoutMarkers(expectedSkim(bytes))) << name;
        EXPECT_LT(skimmed.ByteSizeLong(), bytes.size() / 10) << name;
    }
}

TEST(PayloadSkipper, RecordsSkippedWeightBytesAndKeepsShapeConstants)
{
    GraphBuilder b = convNet();
    std::string bytes = b.serialize(WeightStorage::Values);
    onnx::ModelProto full;
    ASSERT_TRUE(full.ParseFromString(bytes));
    onnx::ModelProto skimmed = OnnxModelReader::parseBytes(bytes);
    ASSERT_EQ(skimmed.graph().initializer_size(), full.graph().initializer_size());
    int skippedCount = 0;
    for (int i = 0; i < full.graph().initializer_size(); ++i) {
        const onnx::TensorProto& before = full.graph().initializer(i);
        const onnx::TensorProto& after = initializer(skimmed, before.name());
        StoredPayload payload = storedPayload(after);
        EXPECT_EQ(payload.rawBytes, before.raw_data().size()) << before.name();
        EXPECT_EQ(payload.values,
            static_cast<uint64_t>(before.float_data_size() + before.int64_data_size()));
        EXPECT_EQ(payload.skipped, before.raw_data().size() > 4096) << before.name();
        EXPECT_EQ(after.raw_data().size(), payload.skipped ? 0u : before.raw_data().size())
            << before.name();
        EXPECT_EQ(after.int64_data_size(), before.int64_data_size())
            << before.name(); // shape constants
        skippedCount += payload.skipped ? 1 : 0;
        EXPECT_EQ(std::vector<int64_t>(after.dims().begin(), after.dims().end()),
            std::vector<int64_t>(before.dims().begin(), before.dims().end()));
    }
    EXPECT_EQ(skippedCount, 1); // the 32x8x3x3 conv weight (9216 bytes); the gemm is 1280
}

TEST(PayloadSkipper, SkipsTypedPayloadsInsideSubgraphsAndCountsVarints)
{
    onnx::TensorProto floats;
    floats.set_data_type(onnx::TensorProto::FLOAT);
    floats.add_dims(1000);
    for (int i = 0; i < 1000; ++i)
        floats.add_float_data(0.5F);
    onnx::ModelProto skimmed
        = OnnxModelReader::parseBytes(modelWithNestedTensor(floats).SerializeAsString());
    EXPECT_EQ(nestedTensor(skimmed).float_data_size(), 0);
    EXPECT_EQ(storedPayload(nestedTensor(skimmed)).values, 1000u);

    skimmed
        = OnnxModelReader::parseBytes(modelWithNestedTensor(int32Tensor(600)).SerializeAsString());
    EXPECT_EQ(nestedTensor(skimmed).int32_data_size(), 0);
    EXPECT_EQ(storedPayload(nestedTensor(skimmed)).values, 600u);
    EXPECT_TRUE(storedPayload(nestedTensor(skimmed)).skipped);

    skimmed
        = OnnxModelReader::parseBytes(modelWithNestedTensor(int32Tensor(512)).SerializeAsString());
    EXPECT_EQ(nestedTensor(skimmed).int32_data_size(), 512);
    EXPECT_FALSE(storedPayload(nestedTensor(skimmed)).skipped);
}

TEST(PayloadSkipper, IgnoresMarkerFieldsWrittenInTheFile)
{
    onnx::TensorProto t = int32Tensor(4);
    t.mutable_unknown_fields()->AddVarint(PayloadSkipper::kSkippedRawBytesField, 123456);
    onnx::ModelProto skimmed
        = OnnxModelReader::parseBytes(modelWithNestedTensor(t).SerializeAsString());
    EXPECT_FALSE(storedPayload(nestedTensor(skimmed)).skipped);
    EXPECT_EQ(storedPayload(nestedTensor(skimmed)).rawBytes, 0u);
}

TEST(PayloadSkipper, RefusesMalformedBytes)
{
    std::string bytes = convNet().serialize(WeightStorage::Values);
    for (size_t cut : { bytes.size() - 1, bytes.size() / 2, size_t { 3 } })
        EXPECT_THROW(OnnxModelReader::parseBytes(bytes.substr(0, cut)), MensaError) << cut;
    EXPECT_THROW(OnnxModelReader::parseBytes(bytes + '\x0b'), MensaError); // a start-group tag
    EXPECT_THROW(
        OnnxModelReader::parseBytes(std::string("\x3a\xff\xff\xff\xff\x07", 6)), MensaError);
}

TEST(PayloadSkipper, RefusesNestingDeeperThanProtobufAllows)
{
    onnx::GraphProto graph;
    for (int depth = 0; depth < 150; ++depth) {
        onnx::GraphProto outer;
        onnx::AttributeProto& attr = *outer.add_node()->add_attribute();
        attr.set_name("body");
        *attr.mutable_g() = graph;
        graph = std::move(outer);
    }
    onnx::ModelProto model;
    *model.mutable_graph() = graph;
    EXPECT_THROW(OnnxModelReader::parseBytes(model.SerializeAsString()), MensaError);
}

TEST(PayloadSkipper, FileImportMatchesBytesImportWithWeights)
{
    std::string bytes = serializeSample(*findSample("mobilenet_v2"), WeightStorage::Values);
    std::filesystem::path path
        = std::filesystem::temp_directory_path() / "mensa_payload_skipper_test.onnx";
    std::ofstream(path, std::ios::binary) << bytes;
    Model fromFile = importOnnxFile(path.string());
    Model fromBytes = importOnnxBytes(bytes, "mobilenet_v2.onnx");
    Model shapesOnly
        = importOnnxBytes(serializeSample(*findSample("mobilenet_v2")), "mobilenet_v2.onnx");
    std::filesystem::remove(path);
    ASSERT_EQ(fromFile.layers.size(), shapesOnly.layers.size());
    ASSERT_EQ(fromBytes.layers.size(), shapesOnly.layers.size());
    for (size_t i = 0; i < shapesOnly.layers.size(); ++i) {
        EXPECT_EQ(fromFile.layers[i].metrics.macs, shapesOnly.layers[i].metrics.macs) << i;
        EXPECT_EQ(fromFile.layers[i].metrics.params, shapesOnly.layers[i].metrics.params) << i;
        EXPECT_EQ(fromBytes.layers[i].metrics.macs, shapesOnly.layers[i].metrics.macs) << i;
    }
}
