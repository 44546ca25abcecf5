// Real-world file forms and bad input: dynamic dims, external data, hand-written protos,
// corrupt files and broken graphs.
#include "ErrorCheck.h"
#include "model/GraphBuilder.h"
#include "onnx/OnnxImporter.h"
#include "onnx/WeightDataScanner.h"
#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace mensa;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

namespace fs = std::filesystem;

using test::errorOf;

std::string importError(const std::string& bytes, const ImportOptions& options = {})
{
    return errorOf([&] { importOnnxBytes(bytes, "bad.onnx", options); });
}

void addValueInfo(onnx::ValueInfoProto* info, const std::string& name,
    const std::vector<std::string>& dims, int type = onnx::TensorProto::FLOAT)
{
    info->set_name(name);
    auto* tensor = info->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(type);
    auto* shape = tensor->mutable_shape();
    for (const auto& d : dims) {
        auto* dim = shape->add_dim();
        if (!d.empty() && (std::isdigit(static_cast<unsigned char>(d[0])) || d[0] == '-'))
            dim->set_dim_value(std::stoll(d));
        else
            dim->set_dim_param(d);
    }
}

onnx::TensorProto* addFloatInitializer(onnx::GraphProto& graph, const std::string& name,
    const std::vector<int64_t>& dims, bool alsoInput)
{
    auto* t = graph.add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    int64_t n = 1;
    for (int64_t d : dims) {
        t->add_dims(d);
        n *= d;
    }
    t->mutable_raw_data()->assign(static_cast<size_t>(n) * 4, '\0');
    if (alsoInput) {
        std::vector<std::string> text;
        for (int64_t d : dims)
            text.push_back(std::to_string(d));
        addValueInfo(graph.add_input(), name, text);
    }
    return t;
}

onnx::NodeProto* addNode(onnx::GraphProto& graph, const std::string& op,
    const std::vector<std::string>& ins, const std::vector<std::string>& outs,
    const std::string& name = "")
{
    auto* node = graph.add_node();
    node->set_op_type(op);
    node->set_name(name);
    for (const auto& in : ins)
        node->add_input(in);
    for (const auto& out : outs)
        node->add_output(out);
    return node;
}

void addIntsAttr(onnx::NodeProto* node, const std::string& name, const std::vector<int64_t>& values)
{
    auto* attr = node->add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values)
        attr->add_ints(v);
}

void addIntAttr(onnx::NodeProto* node, const std::string& name, int64_t value)
{
    auto* attr = node->add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::INT);
    attr->set_i(value);
}

onnx::ModelProto emptyModel(int opset, int irVersion)
{
    onnx::ModelProto model;
    model.set_ir_version(irVersion);
    auto* import = model.add_opset_import();
    import->set_domain("");
    import->set_version(opset);
    model.mutable_graph()->set_name("hand_made");
    return model;
}

// A constant int64 tensor from a Constant node, as PyTorch exports it.
void addConstantNode(onnx::GraphProto& graph, const std::string& out,
    const std::vector<int64_t>& values, bool scalar)
{
    auto* node = addNode(graph, "Constant", {}, { out }, "Constant_" + out);
    auto* attr = node->add_attribute();
    attr->set_name("value");
    attr->set_type(onnx::AttributeProto::TENSOR);
    auto* t = attr->mutable_t();
    t->set_data_type(onnx::TensorProto::INT64);
    if (!scalar)
        t->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values)
        t->add_int64_data(v);
}

onnx::ModelProto withSymbolicDim(const GraphBuilder& b, int dimIndex, const std::string& param)
{
    onnx::ModelProto proto = b.build(WeightStorage::GraphInputs);
    auto* dim = proto.mutable_graph()
                    ->mutable_input(0)
                    ->mutable_type()
                    ->mutable_tensor_type()
                    ->mutable_shape()
                    ->mutable_dim(dimIndex);
    dim->Clear();
    if (!param.empty())
        dim->set_dim_param(param);
    for (auto& out : *proto.mutable_graph()->mutable_output())
        out.mutable_type()->mutable_tensor_type()->clear_shape();
    return proto;
}

GraphBuilder smallConvNet()
{
    GraphBuilder b("small");
    b.output(b.relu(b.conv(b.input("x", { 2, 3, 8, 8 }), 4, 3)));
    return b;
}

} // namespace

TEST(ImporterInput, HandWrittenOpset7ModelWithInitializersAsInputs)
{
    onnx::ModelProto model = emptyModel(7, 3);
    auto& g = *model.mutable_graph();
    addValueInfo(g.add_input(), "data", { "1", "3", "8", "8" });
    addFloatInitializer(g, "w", { 4, 3, 3, 3 }, true);
    addFloatInitializer(g, "b", { 4 }, true);
    addFloatInitializer(g, "fc_w", { 10, 64 }, true);
    addFloatInitializer(g, "fc_b", { 10 }, true);
    auto* conv = addNode(g, "Conv", { "data", "w", "b" }, { "c" }, "conv");
    addIntsAttr(conv, "pads", { 1, 1, 1, 1 });
    addIntsAttr(conv, "kernel_shape", { 3, 3 });
    addNode(g, "Relu", { "c" }, { "r" }, "relu");
    auto* pool = addNode(g, "MaxPool", { "r" }, { "p" }, "pool");
    addIntsAttr(pool, "kernel_shape", { 2, 2 });
    addIntsAttr(pool, "strides", { 2, 2 });
    addNode(g, "Flatten", { "p" }, { "f" }, "flatten");
    addIntAttr(addNode(g, "Gemm", { "f", "fc_w", "fc_b" }, { "y" }, "fc"), "transB", 1);
    addValueInfo(g.add_output(), "y", { "1", "10" });

    Model m = importOnnxBytes(model.SerializeAsString(), "opset7.onnx");
    ASSERT_EQ(m.layers.size(), 4u);
    EXPECT_EQ(m.layers[0].fusedOps, std::vector<std::string> { "Relu" });
    EXPECT_EQ(m.layers[0].metrics.macs, 4 * 3 * 9 * 64);
    EXPECT_EQ(m.layers[3].kind, LayerKind::FullyConnected);
    EXPECT_EQ(m.layers[3].metrics.params, 650);
    EXPECT_EQ(
        m.graphInputs, std::vector<std::string> { "data" }); // initializers are not activations
    EXPECT_TRUE(m.warnings.empty());
}

TEST(ImporterInput, PyTorchStyleExportWithConstantsAndSymbolicBatch)
{
    onnx::ModelProto model = emptyModel(11, 6);
    model.set_producer_name("pytorch");
    auto& g = *model.mutable_graph();
    g.set_name("torch-jit-export");
    addValueInfo(g.add_input(), "input.1", { "batch_size", "3", "16", "16" });
    addFloatInitializer(g, "conv1.weight", { 8, 3, 3, 3 }, true);
    for (const char* p : { "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var" })
        addFloatInitializer(g, p, { 8 }, true);
    addFloatInitializer(g, "fc.weight", { 10, 8 }, true);
    addFloatInitializer(g, "fc.bias", { 10 }, true);
    auto* conv = addNode(g, "Conv", { "input.1", "conv1.weight" }, { "9" }, "Conv_0");
    addIntsAttr(conv, "pads", { 1, 1, 1, 1 });
    addNode(g, "BatchNormalization",
        { "9", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var" }, { "10" },
        "BatchNormalization_1");
    addNode(g, "Relu", { "10" }, { "11" }, "Relu_2");
    addNode(g, "GlobalAveragePool", { "11" }, { "12" }, "GlobalAveragePool_3");
    // x.view(x.size(0), -1)
    addNode(g, "Shape", { "12" }, { "13" }, "Shape_4");
    addConstantNode(g, "14", { 0 }, true);
    addIntAttr(addNode(g, "Gather", { "13", "14" }, { "15" }, "Gather_6"), "axis", 0);
    addIntsAttr(addNode(g, "Unsqueeze", { "15" }, { "16" }, "Unsqueeze_7"), "axes", { 0 });
    addConstantNode(g, "17", { -1 }, false);
    addIntAttr(addNode(g, "Concat", { "16", "17" }, { "18" }, "Concat_9"), "axis", 0);
    addNode(g, "Reshape", { "12", "18" }, { "19" }, "Reshape_10");
    addIntAttr(
        addNode(g, "Gemm", { "19", "fc.weight", "fc.bias" }, { "output" }, "Gemm_11"), "transB", 1);
    addValueInfo(g.add_output(), "output", { "batch_size", "10" });

    Model m = importOnnxBytes(model.SerializeAsString(), "resnet_tiny.onnx");
    ASSERT_EQ(m.layers.size(), 4u) << "shape computations fold away";
    EXPECT_EQ(m.layers[0].opType, "Conv");
    EXPECT_EQ(m.layers[0].fusedOps, (std::vector<std::string> { "BatchNormalization", "Relu" }));
    EXPECT_EQ(m.layers[2].opType, "Reshape");
    EXPECT_EQ(m.layers[2].inputs, std::vector<std::string> { "12" });
    EXPECT_EQ(m.layers[3].metrics.macs, 80);
    EXPECT_EQ(m.tensor("output")->shape, (std::vector<int64_t> { 1, 10 }));
    ASSERT_EQ(m.warnings.size(), 1u);
    EXPECT_THAT(m.warnings[0], HasSubstr("input.1"));
    EXPECT_THAT(m.warnings[0], HasSubstr("set to 1"));
    EXPECT_EQ(m.name, "resnet_tiny");
}

TEST(ImporterInput, InputShapeOverrideResolvesDynamicDims)
{
    ImportOptions options;
    parseInputShapeOverride("x=4x3x8x8", options);
    Model m = importOnnxBytes(
        withSymbolicDim(smallConvNet(), 0, "N").SerializeAsString(), "dyn.onnx", options);
    EXPECT_EQ(m.layers.at(0).nest.batch, 4);
    EXPECT_TRUE(m.warnings.empty());

    ImportOptions spatial; // batch 2 and width 8 are fixed by the model: only the height is open
    parseInputShapeOverride("x=2x3x16x8", spatial);
    Model s = importOnnxBytes(
        withSymbolicDim(smallConvNet(), 2, "height").SerializeAsString(), "dyn.onnx", spatial);
    EXPECT_EQ(s.layers.at(0).nest.outH, 16);
}

TEST(ImporterInput, DynamicBatchDefaultsToOneWithOneWarning)
{
    for (const std::string param : { "batch_size", "", "unk__42", "N" }) {
        Model m = importOnnxBytes(
            withSymbolicDim(smallConvNet(), 0, param).SerializeAsString(), "dyn.onnx");
        EXPECT_EQ(m.layers.at(0).nest.batch, 1) << param;
        ASSERT_EQ(m.warnings.size(), 1u) << param;
        EXPECT_THAT(m.warnings[0], HasSubstr("'x'"));
    }
}

TEST(ImporterInput, UnresolvedNonBatchDimIsAnErrorNamingTheInput)
{
    std::string e = importError(withSymbolicDim(smallConvNet(), 2, "height").SerializeAsString());
    EXPECT_THAT(e, HasSubstr("bad.onnx: "));
    EXPECT_THAT(e, HasSubstr("'x'"));
    EXPECT_THAT(e, HasSubstr("height"));
    std::string seq = importError(withSymbolicDim(smallConvNet(), 1, "").SerializeAsString());
    EXPECT_THAT(seq, HasSubstr("'x'"));
}

TEST(ImporterInput, BadOverridesAreErrors)
{
    std::string bytes = smallConvNet().serialize();
    ImportOptions unknownName;
    parseInputShapeOverride("y=1x3x8x8", unknownName);
    EXPECT_THAT(importError(bytes, unknownName), HasSubstr("'y'"));
    ImportOptions wrongRank;
    parseInputShapeOverride("x=1x3x8", wrongRank);
    EXPECT_THAT(importError(bytes, wrongRank), HasSubstr("rank 4"));
}

TEST(ImporterInput, ParseInputShapeOverride)
{
    ImportOptions options;
    parseInputShapeOverride("input.1=1x3x224x224", options);
    parseInputShapeOverride("a=b=2X5", options);
    EXPECT_EQ(options.inputShapes.at("input.1"), (std::vector<int64_t> { 1, 3, 224, 224 }));
    EXPECT_EQ(options.inputShapes.at("a=b"), (std::vector<int64_t> { 2, 5 }));
    for (const char* bad :
        { "x", "x=", "=1x2", "x=1xx2", "x=0x3", "x=-1", "x=1x", "x=1.5", "x=99999999999999999999" })
        EXPECT_THROW(parseInputShapeOverride(bad, options), MensaError) << bad;
}

TEST(ImporterInput, MissingExternalDataGivesOneWarning)
{
    fs::path dir = fs::temp_directory_path() / "mensa_external_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    GraphBuilder b("ext");
    std::string x = b.input("x", { 1, 3, 8, 8 });
    b.output(b.conv(b.conv(x, 4, 3), 4, 3));
    std::ofstream(dir / "ext.onnx", std::ios::binary)
        << b.serialize(WeightStorage::ExternalMissing);

    Model missing = importOnnxFile((dir / "ext.onnx").string());
    ASSERT_EQ(missing.warnings.size(), 1u);
    EXPECT_THAT(missing.warnings[0], HasSubstr("ext.weights.bin"));
    EXPECT_EQ(missing.layers.at(1).metrics.params, 4 * 4 * 9 + 4);

    std::ofstream(dir / "ext.weights.bin", std::ios::binary).close();
    fs::resize_file(dir / "ext.weights.bin", 1 << 16);
    Model present = importOnnxFile((dir / "ext.onnx").string());
    EXPECT_TRUE(present.warnings.empty());
    EXPECT_EQ(present.sourcePath, (dir / "ext.onnx").string());
    fs::remove_all(dir);
}

// A model that says in its metadata that it ships shapes only (the bundled samples) imports
// without a warning for its missing files; the same model without that entry, or with another
// value, warns; a file that is there but too short still warns.
TEST(ImporterInput, AModelThatShipsShapesOnlyIsNotWarnedOfItsMissingFiles)
{
    fs::path dir = fs::temp_directory_path() / "mensa_shapes_only_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    GraphBuilder b("ext");
    b.output(b.conv(b.input("x", { 1, 3, 8, 8 }), 4, 3));
    auto importWith = [&](const std::string& value) {
        onnx::ModelProto proto = b.build(WeightStorage::ExternalMissing);
        if (!value.empty()) {
            auto* entry = proto.add_metadata_props();
            entry->set_key(kWeightsMetadataKey);
            entry->set_value(value);
        }
        std::ofstream(dir / "ext.onnx", std::ios::binary) << proto.SerializeAsString();
        return importOnnxFile((dir / "ext.onnx").string());
    };
    EXPECT_TRUE(importWith(kShapesOnlyValue).warnings.empty());
    EXPECT_EQ(importWith(kShapesOnlyValue).layers.at(0).metrics.params, 4 * 3 * 9 + 4);
    EXPECT_EQ(importWith("").warnings.size(), 1u);
    EXPECT_EQ(importWith("weights elsewhere").warnings.size(), 1u);
    std::ofstream(dir / "ext.weights.bin", std::ios::binary).close(); // there, but empty
    ASSERT_EQ(importWith(kShapesOnlyValue).warnings.size(), 1u);
    EXPECT_THAT(importWith(kShapesOnlyValue).warnings[0], HasSubstr("beyond the file size"));
    fs::remove_all(dir);
}

// Every bundled sample says it ships shapes only, so opening one shows no warning.
TEST(ImporterInput, BundledSamplesOpenWithoutWarnings)
{
    for (const auto& entry : fs::directory_iterator(fs::path(MENSA_SOURCE_DIR) / "sample_models")) {
        if (entry.path().extension() != ".onnx")
            continue;
        const Model model = importOnnxFile(entry.path().string());
        EXPECT_TRUE(model.warnings.empty())
            << entry.path().filename() << ": " << (model.warnings.empty() ? "" : model.warnings[0]);
    }
}

TEST(ImporterInput, ExternalDataPastTheFileEndGivesOneWarning)
{
    fs::path dir = fs::temp_directory_path() / "mensa_external_short_test";
    fs::remove_all(dir);
    fs::create_directories(dir);
    GraphBuilder b("ext");
    std::string x = b.input("x", { 1, 3, 8, 8 });
    b.output(b.conv(b.conv(x, 4, 3), 4, 3));
    onnx::ModelProto proto = b.build(WeightStorage::ExternalMissing);
    // Four page-aligned tensors: the file holds the first two only; the third gets a bad offset.
    auto* third = proto.mutable_graph()->mutable_initializer(2);
    for (auto& entry : *third->mutable_external_data())
        if (entry.key() == "offset")
            entry.set_value("-8192");
    std::ofstream(dir / "ext.onnx", std::ios::binary) << proto.SerializeAsString();
    std::ofstream(dir / "ext.weights.bin", std::ios::binary).close();
    fs::resize_file(dir / "ext.weights.bin", 4096 + 16);

    Model model = importOnnxFile((dir / "ext.onnx").string());
    ASSERT_EQ(model.warnings.size(), 1u);
    EXPECT_THAT(model.warnings[0], HasSubstr("beyond the file size"));
    EXPECT_THAT(model.warnings[0], HasSubstr(third->name() + " (ext.weights.bin)"));
    EXPECT_THAT(model.warnings[0], HasSubstr(proto.graph().initializer(3).name() + " ("));
    EXPECT_THAT(model.warnings[0], Not(HasSubstr(proto.graph().initializer(1).name() + " (")));
    EXPECT_EQ(model.warnings[0].find('\n'), std::string::npos);
    EXPECT_EQ(model.layers.at(1).metrics.params, 4 * 4 * 9 + 4);
    fs::remove_all(dir);
}

TEST(ImporterInput, FileErrorsNameTheFile)
{
    std::string missing = errorOf([] { importOnnxFile("/nonexistent/dir/model.onnx"); });
    EXPECT_THAT(missing, HasSubstr("/nonexistent/dir/model.onnx: cannot open file"));
    std::string dir = errorOf([] { importOnnxFile(fs::temp_directory_path().string()); });
    EXPECT_THAT(dir, HasSubstr("not a regular file"));
}

TEST(ImporterInput, NotOnnxOrTruncatedBytesAreRejected)
{
    EXPECT_THAT(importError("this is a text file, not a model\n"), HasSubstr("bad.onnx: "));
    EXPECT_THAT(importError(""), HasSubstr("not an ONNX model"));
    std::string bytes = smallConvNet().serialize(WeightStorage::Values);
    for (size_t cut : { bytes.size() / 2, bytes.size() - 3, size_t { 7 } })
        EXPECT_THAT(importError(bytes.substr(0, cut)), HasSubstr("bad.onnx")) << cut;
}

TEST(ImporterInput, StructuralErrors)
{
    onnx::ModelProto empty = emptyModel(13, 7);
    addValueInfo(empty.mutable_graph()->add_input(), "x", { "1" });
    EXPECT_THAT(importError(empty.SerializeAsString()), HasSubstr("empty"));

    // Below opset 7: upgraded by ONNX's version converter with a notice (OperatorCoverageTest).
    onnx::ModelProto old = emptyModel(6, 3);
    addValueInfo(old.mutable_graph()->add_input(), "x", { "1" });
    addNode(*old.mutable_graph(), "Relu", { "x" }, { "y" });
    Model upgraded = importOnnxBytes(old.SerializeAsString(), "old.onnx");
    EXPECT_THAT(upgraded.warnings, testing::Contains(HasSubstr("upgraded from opset 6 to 7")));

    onnx::ModelProto cycle = emptyModel(13, 7);
    addValueInfo(cycle.mutable_graph()->add_input(), "x", { "1", "4" });
    addNode(*cycle.mutable_graph(), "Add", { "x", "b" }, { "a" }, "first");
    addNode(*cycle.mutable_graph(), "Relu", { "a" }, { "b" }, "second");
    EXPECT_THAT(importError(cycle.SerializeAsString()), HasSubstr("cycle"));

    onnx::ModelProto dangling = emptyModel(13, 7);
    addValueInfo(dangling.mutable_graph()->add_input(), "x", { "1", "4" });
    addNode(*dangling.mutable_graph(), "Add", { "x", "ghost" }, { "y" }, "adder");
    std::string e = importError(dangling.SerializeAsString());
    EXPECT_THAT(e, HasSubstr("'ghost'"));
    EXPECT_THAT(e, HasSubstr("'adder'"));

    onnx::ModelProto twice = emptyModel(13, 7);
    addValueInfo(twice.mutable_graph()->add_input(), "x", { "1", "4" });
    addNode(*twice.mutable_graph(), "Relu", { "x" }, { "y" });
    addNode(*twice.mutable_graph(), "Sigmoid", { "x" }, { "y" });
    EXPECT_THAT(importError(twice.SerializeAsString()), HasSubstr("produced by two nodes"));
}

TEST(ImporterInput, AbsurdShapesAndOverflowingCountsAreErrors)
{
    GraphBuilder huge("huge");
    huge.output(huge.relu(huge.input("x", { 1LL << 40, 1LL << 40 })));
    EXPECT_THAT(importError(huge.serialize()), HasSubstr("'x'"));

    GraphBuilder macs("macs");
    macs.output(macs.gemm(macs.input("x", { 1LL << 21, 1LL << 21 }), 1LL << 21));
    EXPECT_THAT(importError(macs.serialize(WeightStorage::GraphInputs)), HasSubstr("overflows"));
}

TEST(ImporterInput, Opset13ShapeSliceConcatReshapeChainResolves)
{
    // x.view(*x.shape[:2], -1) as exported at opset 13 (axes and slice bounds as initializers).
    onnx::ModelProto model = emptyModel(13, 7);
    auto& g = *model.mutable_graph();
    addValueInfo(g.add_input(), "x", { "batch", "4", "6", "5" });
    addNode(g, "Shape", { "x" }, { "shape" });
    addConstantNode(g, "start", { 0 }, false);
    addConstantNode(g, "end", { 2 }, false);
    addNode(g, "Slice", { "shape", "start", "end" }, { "head" });
    addConstantNode(g, "minus1", { -1 }, false);
    addIntAttr(addNode(g, "Concat", { "head", "minus1" }, { "target" }), "axis", 0);
    addNode(g, "Reshape", { "x", "target" }, { "flat" }, "view");
    addFloatInitializer(g, "w", { 30, 7 }, false);
    addNode(g, "MatMul", { "flat", "w" }, { "y" }, "proj");
    addValueInfo(g.add_output(), "y", { "batch", "4", "7" });
    ImportOptions options;
    parseInputShapeOverride("x=3x4x6x5", options);
    Model m = importOnnxBytes(model.SerializeAsString(), "view.onnx", options);
    ASSERT_EQ(m.layers.size(), 2u);
    EXPECT_EQ(m.tensor("flat")->shape, (std::vector<int64_t> { 3, 4, 30 }));
    EXPECT_EQ(m.layers[1].kind, LayerKind::FullyConnected);
    EXPECT_EQ(m.layers[1].metrics.macs, 12 * 30 * 7);
}

TEST(ImporterInput, EmbeddingGatherOwnsItsTable)
{
    onnx::ModelProto model = emptyModel(13, 7);
    auto& g = *model.mutable_graph();
    addValueInfo(g.add_input(), "ids", { "1", "12" }, onnx::TensorProto::INT64);
    addFloatInitializer(g, "embedding", { 1000, 16 }, false);
    addNode(g, "Gather", { "embedding", "ids" }, { "e" }, "embed");
    addValueInfo(g.add_output(), "e", { "1", "12", "16" });
    Model m = importOnnxBytes(model.SerializeAsString(), "embed.onnx");
    ASSERT_EQ(m.layers.size(), 1u);
    EXPECT_EQ(m.layers[0].kind, LayerKind::Reshape);
    EXPECT_EQ(m.layers[0].metrics.params, 16000);
    EXPECT_EQ(m.layers[0].inputs, std::vector<std::string> { "ids" });
}

TEST(ImporterInput, UnknownOperatorWithoutOutputShapeIsAnErrorThatSaysWhy)
{
    onnx::ModelProto model = emptyModel(13, 7);
    auto& g = *model.mutable_graph();
    addValueInfo(g.add_input(), "x", { "1", "4" });
    addNode(g, "Relu", { "x" }, { "r" }, "relu");
    addNode(g, "TotallyCustom", { "r" }, { "y" }, "mystery")->set_domain("com.example");
    auto* custom = model.add_opset_import();
    custom->set_domain("com.example");
    custom->set_version(1);
    addValueInfo(g.add_output(), "y", { "1", "N" });
    std::string e = importError(model.SerializeAsString());
    EXPECT_THAT(e, HasSubstr("'y'"));
    EXPECT_THAT(e, HasSubstr("TotallyCustom"));
}

// Fuzzing found these: ONNX 1.12's conv/pool shape inference divides by the stride.
TEST(ImporterInput, ZeroStridesAndKernelsAreRejectedBeforeShapeInference)
{
    for (const char* attrName : { "strides", "dilations", "kernel_shape" }) {
        GraphBuilder b("zero");
        b.output(b.maxPool(b.conv(b.input("x", { 1, 3, 8, 8 }), 4, 3), 2, 2));
        onnx::ModelProto proto = b.build(WeightStorage::GraphInputs);
        for (auto& node : *proto.mutable_graph()->mutable_node())
            for (auto& attr : *node.mutable_attribute())
                if (attr.name() == attrName)
                    attr.set_ints(0, 0);
        std::string e = importError(proto.SerializeAsString());
        EXPECT_THAT(e, HasSubstr(attrName));
        EXPECT_THAT(e, HasSubstr("invalid value 0"));
    }
}

namespace {

// x [1, 4, 8, W] + a constant [1, 4, 8, 8] in a node named like Paddle2ONNX names them: only
// W = 8 (or 1, broadcast) runs.
onnx::ModelProto widthBoundModel(const std::string& widthParam)
{
    onnx::ModelProto model = emptyModel(13, 7);
    auto& g = *model.mutable_graph();
    addValueInfo(g.add_input(), "x", { "p2o.DynamicDimension.0", "4", "8", widthParam });
    addFloatInitializer(g, "bias", { 1, 4, 8, 8 }, false);
    addNode(g, "Relu", { "x" }, { "r" }, "p2o.Relu.1");
    addNode(g, "Add", { "r", "bias" }, { "y" }, "p2o.Add.249");
    addNode(g, "Relu", { "y" }, { "z" }, "p2o.Relu.2");
    addValueInfo(g.add_output(), "z", {});
    g.mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
    return model;
}

} // namespace

// Paddle2ONNX names the batch "p2o.DynamicDimension.0": a symbolic leading dimension of an
// input of rank 2 or more is the batch, set to 1 with the usual notice.
TEST(ImporterInput, ASymbolicLeadingDimensionOfAnyNameIsTheBatch)
{
    const onnx::ModelProto fixedWidth = widthBoundModel("8");
    Model model = importOnnxBytes(fixedWidth.SerializeAsString(), "ocr.onnx");
    EXPECT_EQ(model.tensors.at("x").shape, (std::vector<int64_t> { 1, 4, 8, 8 }));
    ASSERT_EQ(model.warnings.size(), 1u);
    EXPECT_THAT(model.warnings[0], HasSubstr("dynamic batch dimension of input 'x' set to 1"));
    // Not the other symbolic dimensions: those still need a shape.
    EXPECT_THAT(importError(widthBoundModel("p2o.DynamicDimension.1").SerializeAsString()),
        HasSubstr("unresolved dimension 'p2o.DynamicDimension.1' (dim 3)"));
}

// PP-OCRv4's recogniser fixes the height at 48; a height of 32 used to be costed anyway.
TEST(ImporterInput, AnOverrideThatContradictsAFixedDimensionIsRefused)
{
    ImportOptions options;
    options.inputShapes["x"] = { 1, 4, 32, 8 };
    EXPECT_EQ(importError(widthBoundModel("8").SerializeAsString(), options),
        "bad.onnx: input 'x' fixes dimension 2 at 8, but the given shape 1x4x32x8 has 32 there");
    options.inputShapes["x"] = { 3, 4, 8, 8 }; // the open dimensions are the user's to choose
    EXPECT_NO_THROW(importOnnxBytes(widthBoundModel("8").SerializeAsString(), "ok.onnx", options));
}

// A width the graph cannot take names the node where shape inference stops and ONNX's reason,
// instead of a later tensor "that could not be inferred".
TEST(ImporterInput, ASizeTheModelCannotTakeNamesTheFailingNode)
{
    ImportOptions options;
    options.inputShapes["x"] = { 1, 4, 8, 10 };
    const std::string error
        = importError(widthBoundModel("p2o.DynamicDimension.1").SerializeAsString(), options);
    EXPECT_THAT(error,
        HasSubstr("node 'p2o.Add.249' (Add) cannot take its inputs r 1x4x8x10, "
                  "bias 1x4x8x8: "));
    EXPECT_THAT(error, HasSubstr("ncompatible dimensions"));
    EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 0) << error;
    options.inputShapes["x"] = { 1, 4, 8, 8 };
    EXPECT_NO_THROW(importOnnxBytes(
        widthBoundModel("p2o.DynamicDimension.1").SerializeAsString(), "ok.onnx", options));
}

// What the shape dialog asks: the batch is suggested as 1, the width is left to the user.
TEST(ImporterInput, DeclaredInputsSaySizesOnlyTheUserCanGive)
{
    const fs::path path
        = fs::temp_directory_path() / ("declared_" + std::to_string(::getpid()) + ".onnx");
    std::ofstream(path, std::ios::binary)
        << widthBoundModel("p2o.DynamicDimension.1").SerializeAsString();
    const std::vector<DeclaredInput> inputs = declaredInputs(path.string());
    ASSERT_EQ(inputs.size(), 1u);
    EXPECT_EQ(inputs[0].name, "x");
    EXPECT_EQ(inputs[0].declared, "'p2o.DynamicDimension.0'x4x8x'p2o.DynamicDimension.1'");
    EXPECT_EQ(inputs[0].suggested, (std::vector<int64_t> { 1, 4, 8, 0 }));
    EXPECT_TRUE(inputs[0].needsShape);
    std::ofstream(path, std::ios::binary) << widthBoundModel("8").SerializeAsString();
    EXPECT_FALSE(declaredInputs(path.string())[0].needsShape);
    fs::remove(path);
}

// A sequence or optional input cannot be given a tensor shape: the message says what it is.
TEST(ImporterInput, SequenceAndOptionalInputsAreNamedForWhatTheyAre)
{
    for (const char* kind : { "sequence", "optional" }) {
        onnx::ModelProto model = smallConvNet().build();
        auto* type = model.mutable_graph()->mutable_input(0)->mutable_type();
        onnx::TypeProto element;
        element.mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
        if (std::string(kind) == "sequence")
            *type->mutable_sequence_type()->mutable_elem_type() = element;
        else
            *type->mutable_optional_type()->mutable_elem_type() = element;
        const std::string e = importError(model.SerializeAsString());
        EXPECT_THAT(e, HasSubstr("bad.onnx: input 'x' is a"));
        EXPECT_THAT(e, HasSubstr(std::string(kind) + ", not a tensor"));
        EXPECT_THAT(e, Not(HasSubstr("give")));
        ImportOptions shaped;
        parseInputShapeOverride("x=1x3x8x8", shaped);
        EXPECT_THAT(importError(model.SerializeAsString(), shaped), HasSubstr("not a tensor"));
    }
}

// Found by fuzz_onnx_import: libonnx 1.12's ConvTranspose/Conv inference reads past a weight of
// too small a rank; the importer refuses such a weight in one line before ONNX sees it.
TEST(ImporterInput, AConvolutionWeightOfTooSmallARankIsRefusedInOneLine)
{
    for (const char* op : { "Conv", "ConvTranspose" }) {
        onnx::ModelProto model = smallConvNet().build(WeightStorage::Values);
        auto* graph = model.mutable_graph();
        auto* node = graph->mutable_node(0);
        ASSERT_EQ(node->op_type(), "Conv");
        node->set_op_type(op);
        for (auto& init : *graph->mutable_initializer())
            if (init.name() == node->input(1)) {
                int64_t count = 1;
                for (int64_t d : init.dims())
                    count *= d;
                init.clear_dims();
                init.add_dims(count); // same data, rank 1
            }
        const std::string e = importError(model.SerializeAsString());
        EXPECT_THAT(e, HasSubstr("bad.onnx: node"));
        EXPECT_THAT(e, HasSubstr("has rank 1 (convolution weights have rank 3 or more)")) << e;
        EXPECT_EQ(e.find('\n'), std::string::npos);
    }
}
