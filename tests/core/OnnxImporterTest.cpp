#include "onnx/OnnxImporter.h"
#include "model/GraphBuilder.h"
#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace mensa;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

Model importBuilt(const GraphBuilder& b, WeightStorage storage = WeightStorage::Values,
    const ImportOptions& options = {})
{
    return importOnnxBytes(b.serialize(storage), "built.onnx", options);
}

const Layer& onlyLayerOfKind(const Model& model, LayerKind kind)
{
    const Layer* found = nullptr;
    for (const auto& layer : model.layers)
        if (layer.kind == kind) {
            EXPECT_EQ(found, nullptr) << "more than one " << toString(kind);
            found = &layer;
        }
    if (!found)
        throw std::runtime_error("no layer of kind " + std::string(toString(kind)));
    return *found;
}

onnx::NodeProto& nodeOfType(onnx::ModelProto& model, const std::string& opType)
{
    for (auto& node : *model.mutable_graph()->mutable_node())
        if (node.op_type() == opType)
            return node;
    throw std::runtime_error("no node " + opType);
}

void setAttribute(onnx::NodeProto& node, const std::string& name, const std::string& value)
{
    auto* attrs = node.mutable_attribute();
    for (int i = attrs->size() - 1; i >= 0; --i)
        if (attrs->Get(i).name() == "pads" || attrs->Get(i).name() == name)
            attrs->DeleteSubrange(i, 1);
    auto* attr = node.add_attribute();
    attr->set_name(name);
    attr->set_type(onnx::AttributeProto::STRING);
    attr->set_s(value);
}

} // namespace

TEST(OnnxImporter, ConvLoopNestAndMacs)
{
    GraphBuilder b("conv");
    b.output(b.conv(b.input("x", { 2, 8, 20, 20 }), 16, 3, 2));
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 1u);
    const Layer& conv = model.layers[0];
    EXPECT_EQ(conv.kind, LayerKind::Conv);
    EXPECT_EQ(conv.nest.batch, 2);
    EXPECT_EQ(conv.nest.outChannels, 16);
    EXPECT_EQ(conv.nest.inChannels, 8);
    EXPECT_EQ(conv.nest.outH, 10);
    EXPECT_EQ(conv.nest.kernelW, 3);
    EXPECT_EQ(conv.nest.strideH, 2);
    EXPECT_EQ(conv.metrics.macs, 2LL * 16 * 8 * 10 * 10 * 9);
    EXPECT_EQ(conv.metrics.params, 16 * 8 * 9 + 16);
    EXPECT_EQ(conv.metrics.inputActBytes, 2 * 8 * 20 * 20);
    EXPECT_EQ(conv.metrics.outputActBytes, 2 * 16 * 10 * 10);
    EXPECT_THAT(conv.params, ElementsAre("conv_1.weight", "conv_1.bias"));
    EXPECT_THAT(model.graphInputs, ElementsAre("x"));
}

TEST(OnnxImporter, GroupedDilatedAndDepthwiseConv)
{
    GraphBuilder b("groups");
    std::string x = b.input("x", { 1, 32, 16, 16 });
    std::string g = b.conv(x, 64, 3, 1, 4, -1, 2);
    b.output(b.depthwiseConv(g, 5, 2));
    Model model = importBuilt(b);
    const Layer& grouped = onlyLayerOfKind(model, LayerKind::Conv);
    EXPECT_EQ(grouped.nest.groups, 4);
    EXPECT_EQ(grouped.nest.outChannels, 16);
    EXPECT_EQ(grouped.nest.inChannels, 8);
    EXPECT_EQ(grouped.nest.outH, 16); // pad = 2 keeps the size with dilation 2
    EXPECT_EQ(grouped.metrics.macs, 4LL * 16 * 8 * 16 * 16 * 9);
    EXPECT_EQ(grouped.attributes.at("dilations"), "[2, 2]");
    EXPECT_EQ(grouped.nest.dilationH, 2); // the window buffer's band spans the dilated window
    EXPECT_EQ(grouped.nest.dilationW, 2);
    const Layer& dw = onlyLayerOfKind(model, LayerKind::DepthwiseConv);
    EXPECT_EQ(dw.nest.dilationH, 1);
    EXPECT_EQ(dw.nest.groups, 64);
    EXPECT_EQ(dw.nest.outChannels, 1);
    EXPECT_EQ(dw.nest.outH, 8);
    EXPECT_EQ(dw.metrics.macs, 64LL * 8 * 8 * 25);
}

TEST(OnnxImporter, ConvAutoPadModes)
{
    struct Case {
        const char* mode;
        int64_t out;
    };
    for (Case c : { Case { "SAME_UPPER", 8 }, Case { "SAME_LOWER", 8 }, Case { "VALID", 7 } }) {
        GraphBuilder b("autopad");
        b.output(b.conv(b.input("x", { 1, 3, 15, 15 }), 4, 3, 2));
        onnx::ModelProto proto = b.build(WeightStorage::GraphInputs);
        setAttribute(nodeOfType(proto, "Conv"), "auto_pad", c.mode);
        proto.mutable_graph()
            ->mutable_output(0)
            ->mutable_type()
            ->mutable_tensor_type()
            ->clear_shape();
        Model model = importOnnxBytes(proto.SerializeAsString(), "autopad.onnx");
        EXPECT_EQ(model.layers.at(0).nest.outH, c.out) << c.mode;
        EXPECT_EQ(model.layers.at(0).metrics.macs, 4 * 3 * 9 * c.out * c.out) << c.mode;
    }
}

TEST(OnnxImporter, ConvTransposeScattersEveryInputPosition)
{
    GraphBuilder b("deconv");
    b.output(b.convTranspose(b.input("x", { 1, 8, 5, 5 }), 4, 2, 2));
    Model model = importBuilt(b);
    const Layer& t = onlyLayerOfKind(model, LayerKind::ConvTranspose);
    EXPECT_EQ(t.metrics.macs, 8LL * 4 * 5 * 5 * 4);
    EXPECT_EQ(t.nest.inH, 10);
    EXPECT_EQ(t.metrics.outputActBytes, 4 * 10 * 10);
}

// Keras' "same" transposed conv (the U-Net's upsampling): 3x3, stride 2, in x 2 out, the extra
// row and column cut at the end (pads 0, 1); no bias. ONNX shape inference agrees.
TEST(OnnxImporter, SamePaddedConvTransposeDoublesTheSize)
{
    GraphBuilder b("deconv_same");
    const std::string y = b.convTranspose(b.input("x", { 1, 8, 4, 4 }), 16, 3, 2, true, false);
    EXPECT_EQ(b.shape(y), (std::vector<int64_t> { 1, 16, 8, 8 }));
    b.output(y);
    Model model = importBuilt(b);
    const Layer& t = onlyLayerOfKind(model, LayerKind::ConvTranspose);
    EXPECT_EQ(t.nest.inH, 8);
    EXPECT_EQ(t.metrics.outputActBytes, 16 * 8 * 8);
    EXPECT_EQ(t.metrics.macs, 8LL * 16 * 4 * 4 * 9);
    EXPECT_EQ(t.metrics.params, 8 * 16 * 9); // no bias
}

// ceil_mode keeps a last partial window (SqueezeNet v1.0's pools): 54 -> 27 -> 13, where floor
// mode gives 26 -> 12.
TEST(OnnxImporter, CeilModePoolingKeepsTheLastPartialWindow)
{
    GraphBuilder b("ceil_pool");
    const std::string p
        = b.maxPool(b.maxPool(b.input("x", { 1, 8, 54, 54 }), 3, 2, 0, true), 3, 2, 0, true);
    EXPECT_EQ(b.shape(p), (std::vector<int64_t> { 1, 8, 13, 13 }));
    b.output(b.conv(p, 16, 1));
    Model model = importBuilt(b);
    const Layer& conv = onlyLayerOfKind(model, LayerKind::Conv);
    EXPECT_EQ(conv.nest.inH, 13);
    EXPECT_EQ(conv.metrics.macs, 13LL * 13 * 8 * 16);
    GraphBuilder floor("floor_pool");
    EXPECT_EQ(floor.shape(floor.maxPool(floor.input("x", { 1, 8, 54, 54 }), 3, 2)),
        (std::vector<int64_t> { 1, 8, 26, 26 }));
}

TEST(OnnxImporter, GemmAndTransposedOperands)
{
    GraphBuilder b("gemm");
    b.output(b.gemm(b.input("x", { 4, 64 }), 10));
    Model model = importBuilt(b);
    const Layer& fc = onlyLayerOfKind(model, LayerKind::FullyConnected);
    EXPECT_EQ(fc.nest.batch, 4);
    EXPECT_EQ(fc.nest.inChannels, 64);
    EXPECT_EQ(fc.nest.outChannels, 10);
    EXPECT_EQ(fc.metrics.macs, 4 * 64 * 10);
    EXPECT_EQ(fc.metrics.params, 650);
    EXPECT_DOUBLE_EQ(fc.metrics.paramReuse, 2560.0 / 650.0);

    // transA: A is stored [K, M].
    GraphBuilder t("gemm_t");
    t.output(t.gemm(t.input("x", { 4, 64 }), 10));
    onnx::ModelProto proto = t.build(WeightStorage::Values);
    auto* attr = nodeOfType(proto, "Gemm").add_attribute();
    attr->set_name("transA");
    attr->set_type(onnx::AttributeProto::INT);
    attr->set_i(1);
    auto* dims = proto.mutable_graph()
                     ->mutable_input(0)
                     ->mutable_type()
                     ->mutable_tensor_type()
                     ->mutable_shape();
    dims->mutable_dim(0)->set_dim_value(64);
    dims->mutable_dim(1)->set_dim_value(4);
    Model transposed = importOnnxBytes(proto.SerializeAsString(), "gemm_t.onnx");
    EXPECT_EQ(transposed.layers.at(0).nest.batch, 4);
    EXPECT_EQ(transposed.layers.at(0).nest.inChannels, 64);
    EXPECT_EQ(transposed.layers.at(0).metrics.macs, 4 * 64 * 10);
}

TEST(OnnxImporter, MatMulWithWeightsIsFullyConnectedAndBetweenActivationsIsMatMul)
{
    GraphBuilder b("matmul");
    std::string x = b.input("x", { 2, 6, 32 });
    std::string q = b.matmulWeights(x, 16);
    std::string k = b.matmulWeights(x, 16);
    b.output(b.matmul(q, b.transpose(k, { 0, 2, 1 })));
    Model model = importBuilt(b);
    int fcCount = 0;
    for (const auto& layer : model.layers)
        if (layer.kind == LayerKind::FullyConnected) {
            ++fcCount;
            EXPECT_EQ(layer.nest.batch, 12);
            EXPECT_EQ(layer.metrics.macs, 12 * 32 * 16);
            EXPECT_EQ(layer.metrics.params, 32 * 16);
        }
    EXPECT_EQ(fcCount, 2);
    const Layer& mm = onlyLayerOfKind(model, LayerKind::MatMul);
    EXPECT_TRUE(mm.params.empty());
    EXPECT_EQ(mm.inputs.size(), 2u);
    EXPECT_EQ(mm.nest.batch, 12); // 2 batches x 6 rows
    EXPECT_EQ(mm.metrics.macs, 2 * 6 * 16 * 6);
    EXPECT_DOUBLE_EQ(mm.metrics.paramReuse, 0.0);
}

TEST(OnnxImporter, RecurrentLayers)
{
    GraphBuilder b("rnn");
    std::string x = b.input("x", { 10, 3, 20 });
    std::string l = b.lstm(x, 32, true);
    std::string g = b.gru(l, 16);
    b.output(b.rnn(g, 8));
    Model model = importBuilt(b);
    const Layer& lstm = onlyLayerOfKind(model, LayerKind::Lstm);
    EXPECT_EQ(lstm.nest.steps, 10);
    EXPECT_EQ(lstm.nest.batch, 3);
    EXPECT_EQ(lstm.nest.outChannels, 4 * 32 * 2);
    EXPECT_EQ(lstm.nest.inChannels, 20 + 32);
    EXPECT_EQ(lstm.metrics.macs, 10LL * 3 * 256 * 52);
    EXPECT_EQ(lstm.metrics.macsPerStep, 3LL * 256 * 52);
    EXPECT_EQ(lstm.metrics.params, 2 * (128 * 20 + 128 * 32 + 256));
    EXPECT_EQ(lstm.params.size(), 3u);
    const Layer& gru = onlyLayerOfKind(model, LayerKind::Gru);
    EXPECT_EQ(gru.nest.outChannels, 48);
    EXPECT_EQ(gru.nest.inChannels, 64 + 16);
    const Layer& rnn = onlyLayerOfKind(model, LayerKind::Rnn);
    EXPECT_EQ(rnn.metrics.macs, 10LL * 3 * 8 * (16 + 8));
    EXPECT_GT(rnn.metrics.vectorOps, 0);
}

TEST(OnnxImporter, NonGemmLayerKindsAndVectorWork)
{
    GraphBuilder b("vector");
    std::string x = b.input("x", { 1, 8, 16, 16 });
    std::string y = b.input("y", { 1, 8, 16, 16 });
    std::string s = b.add(x, y);
    std::string t = b.tanh(s);
    std::string p = b.maxPool(t, 2, 2);
    std::string a = b.avgPool(t, 3, 2, 1);
    std::string c = b.concat({ p, a }, 1);
    std::string r = b.resize(c, 2.0);
    std::string n = b.batchNorm(r);
    std::string f = b.flatten(b.globalAvgPool(n));
    b.output(b.softmax(f));
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 10u);
    const Layer& add = onlyLayerOfKind(model, LayerKind::Elementwise);
    EXPECT_EQ(add.metrics.vectorOps, 8 * 16 * 16);
    EXPECT_EQ(add.metrics.inputActBytes, 2 * 8 * 16 * 16);
    EXPECT_EQ(onlyLayerOfKind(model, LayerKind::Activation).opType, "Tanh");
    EXPECT_EQ(onlyLayerOfKind(model, LayerKind::Concat).nest.outChannels, 16);
    EXPECT_EQ(onlyLayerOfKind(model, LayerKind::Resize).metrics.outputActBytes, 16 * 16 * 16);
    EXPECT_EQ(onlyLayerOfKind(model, LayerKind::Resize).metrics.params, 0);
    const Layer& bn = onlyLayerOfKind(model, LayerKind::Normalization);
    EXPECT_EQ(bn.metrics.params, 4 * 16);
    EXPECT_EQ(bn.metrics.vectorOps, 2 * 16 * 16 * 16);
    EXPECT_EQ(onlyLayerOfKind(model, LayerKind::Softmax).metrics.vectorOps, 4 * 16);
    EXPECT_EQ(onlyLayerOfKind(model, LayerKind::Reshape).opType, "Flatten");
    int pools = 0;
    for (const auto& layer : model.layers) {
        EXPECT_EQ(layer.metrics.macs, 0) << layer.name;
        if (layer.opType == "MaxPool") {
            EXPECT_EQ(layer.metrics.vectorOps, 4 * 8 * 8 * 8);
        }
        if (layer.opType == "AveragePool") {
            EXPECT_EQ(layer.metrics.vectorOps, 9 * 8 * 8 * 8);
        }
        if (layer.opType == "GlobalAveragePool") {
            EXPECT_EQ(layer.metrics.vectorOps, 16 * 16 * 16);
        }
        pools += layer.kind == LayerKind::Pool;
    }
    EXPECT_EQ(pools, 3);
}

TEST(OnnxImporter, FusesBatchNormAndActivationsIntoConvolutions)
{
    GraphBuilder b("fusion");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string a = b.relu6(b.batchNorm(b.conv(x, 8, 3)));
    std::string h = b.hardSwish(b.conv(a, 8, 1));
    std::string s = b.sigmoid(b.conv(h, 8, 1));
    b.output(s);
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 3u);
    EXPECT_THAT(model.layers[0].fusedOps, ElementsAre("BatchNormalization", "Clip"));
    EXPECT_THAT(model.layers[1].fusedOps, ElementsAre("HardSwish"));
    EXPECT_THAT(model.layers[2].fusedOps, ElementsAre("Sigmoid"));
    EXPECT_EQ(model.layers[0].outputs, model.layers[1].inputs);
    EXPECT_EQ(model.layers[1].outputs, model.layers[2].inputs);
    EXPECT_EQ(model.layers[2].outputs.at(0), s);
    EXPECT_EQ(model.predecessors(2), std::vector<int> { 1 });
    EXPECT_EQ(model.layers[0].metrics.params, 8 * 4 * 9 + 8); // BN folds into the conv
}

// A residual Add followed by ReLU is one layer, as edge compilers emit it: the tensor is read
// and written once, and the ReLU still counts its per-element op.
TEST(OnnxImporter, FusesActivationsIntoElementwiseLayers)
{
    GraphBuilder b("residual");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string c = b.conv(x, 4, 3);
    std::string y = b.relu(b.add(c, x));
    b.output(y);
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 2u);
    const Layer& add = model.layers[1];
    EXPECT_EQ(add.opType, "Add");
    EXPECT_THAT(add.fusedOps, ElementsAre("Relu"));
    EXPECT_EQ(add.outputs.at(0), y);
    EXPECT_EQ(add.metrics.outputActBytes, 4 * 8 * 8);
    EXPECT_EQ(add.metrics.vectorOps, 2 * 4 * 8 * 8); // the add and the ReLU per element
}

// (c + x) * z then ReLU: one layer reading c, x and z once and writing y once, as an edge
// compiler emits it. Ops per element by hand: the Add 1, the fused Mul 1, the ReLU 1.
TEST(OnnxImporter, FusesElementwiseChainsIntoOneLayer)
{
    GraphBuilder b("chain");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string c = b.conv(x, 4, 3);
    std::string z = b.conv(x, 4, 1);
    std::string y = b.relu(b.mul(b.add(c, x), z));
    b.output(y);
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 3u);
    const Layer& add = model.layers[2];
    EXPECT_EQ(add.opType, "Add");
    EXPECT_THAT(add.fusedOps, ElementsAre("Mul", "Relu"));
    EXPECT_THAT(add.inputs, ElementsAre(c, x, z));
    EXPECT_EQ(add.fusedOperands, 1);
    EXPECT_EQ(add.outputs.at(0), y);
    EXPECT_EQ(add.metrics.inputActBytes, 3 * 4 * 8 * 8);
    EXPECT_EQ(add.metrics.outputActBytes, 4 * 8 * 8);
    EXPECT_EQ(add.metrics.vectorOps, 3 * 4 * 8 * 8);
}

// A DenseNet's pre-activation BatchNorm then ReLU after a concat is one vector pass, and so is
// a swish gate x * Sigmoid(x) (the product's other operand, x, is already the gate's input).
// Ops per element by hand: BatchNorm 2 + ReLU 1; Sigmoid 4 + Mul 1.
TEST(OnnxImporter, FusesVectorPassesAfterConcatsAndSwishGates)
{
    GraphBuilder b("vector");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string joined = b.concat({ x, b.conv(x, 4, 1) }, 1);
    std::string bn = b.relu(b.batchNorm(joined));
    std::string c = b.conv(bn, 4, 1);
    b.output(b.mul(c, b.sigmoid(c)));
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 5u);
    const Layer& norm = model.layers[2];
    EXPECT_EQ(norm.opType, "BatchNormalization");
    EXPECT_THAT(norm.fusedOps, ElementsAre("Relu"));
    EXPECT_EQ(norm.metrics.vectorOps, 3 * 8 * 8 * 8);
    const Layer& gate = model.layers[4];
    EXPECT_EQ(gate.opType, "Sigmoid");
    EXPECT_THAT(gate.fusedOps, ElementsAre("Mul"));
    EXPECT_THAT(gate.inputs, ElementsAre(c));
    EXPECT_EQ(gate.fusedOperands, 0);
    EXPECT_EQ(gate.metrics.inputActBytes, 4 * 8 * 8);
    EXPECT_EQ(gate.metrics.vectorOps, 5 * 4 * 8 * 8);
}

// Not fused: an operand produced after the chain starts (w), and a broadcast to a larger
// tensor (the [1,4,1,1] scale times the [1,4,8,8] map).
TEST(OnnxImporter, ElementwiseChainsStopAtLaterOperandsAndBroadcasts)
{
    GraphBuilder b("nochain");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string s = b.add(b.globalAvgPool(x), b.globalAvgPool(x));
    std::string a = b.add(x, x);
    std::string w = b.conv(x, 4, 1);
    b.output(b.mul(a, w));
    b.output(b.mul(s, x));
    Model model = importBuilt(b);
    int elementwise = 0;
    for (const auto& layer : model.layers)
        if (layer.kind == LayerKind::Elementwise) {
            ++elementwise;
            EXPECT_TRUE(layer.fusedOps.empty()) << layer.name;
            EXPECT_EQ(layer.fusedOperands, 0) << layer.name;
        }
    EXPECT_EQ(elementwise, 4);
}

TEST(OnnxImporter, DoesNotFuseSharedOrExportedOutputs)
{
    GraphBuilder b("nofuse");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string c = b.conv(x, 4, 3);
    b.output(b.add(b.relu(c), c)); // conv output read twice
    std::string d = b.conv(x, 4, 3);
    b.output(d);
    b.output(b.relu(d)); // conv output is a graph output
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 4u);
    EXPECT_TRUE(model.layers[0].fusedOps.empty());
    EXPECT_THAT(model.layers[1].fusedOps, ElementsAre("Add")); // relu(c) + c: one pass over c
    EXPECT_TRUE(model.layers[2].fusedOps.empty());
    EXPECT_TRUE(model.layers[3].fusedOps.empty());
}

TEST(OnnxImporter, UnknownOperatorsAreKeptWithOneWarning)
{
    GraphBuilder b("custom");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    std::string u = b.custom("Fancy", { x }, { 1, 4, 8, 8 }, "com.vendor");
    std::string v = b.custom("Fancy", { u }, { 1, 4, 8, 8 }, "com.vendor");
    b.output(b.relu(b.custom("NotAnOnnxOp", { v }, { 1, 4, 8, 8 }, "org.test")));
    Model model = importBuilt(b);
    ASSERT_EQ(model.layers.size(), 4u);
    int unknown = 0;
    for (const auto& layer : model.layers)
        if (layer.unknownOp) {
            ++unknown;
            EXPECT_EQ(layer.kind, LayerKind::Other);
            EXPECT_EQ(layer.metrics.macs, 0);
        }
    EXPECT_EQ(unknown, 3);
    ASSERT_EQ(model.warnings.size(), 1u);
    EXPECT_THAT(model.warnings[0], HasSubstr("com.vendor::Fancy (x2)"));
    EXPECT_THAT(model.warnings[0], HasSubstr("org.test::NotAnOnnxOp"));
}

TEST(OnnxImporter, LayersComeOutInTopologicalOrder)
{
    GraphBuilder b("order");
    std::string x = b.input("x", { 1, 4, 8, 8 });
    b.output(b.softmax(b.tanh(b.relu(x)))); // none of these fuses into the one before
    onnx::ModelProto proto = b.build();
    auto* nodes = proto.mutable_graph()->mutable_node();
    nodes->SwapElements(0, 2);
    Model model = importOnnxBytes(proto.SerializeAsString(), "order.onnx");
    ASSERT_EQ(model.layers.size(), 3u);
    EXPECT_EQ(model.layers[0].opType, "Relu");
    EXPECT_EQ(model.layers[1].opType, "Tanh");
    EXPECT_EQ(model.layers[2].opType, "Softmax");
}

TEST(OnnxImporter, PrecisionScalesByteFigures)
{
    GraphBuilder b("precision");
    b.output(b.conv(b.input("x", { 1, 3, 8, 8 }), 4, 3));
    ImportOptions fp32;
    fp32.bytesPerElement = 4;
    Model a = importBuilt(b);
    Model c = importBuilt(b, WeightStorage::Values, fp32);
    EXPECT_EQ(c.layers[0].metrics.paramBytes, 4 * a.layers[0].metrics.paramBytes);
    EXPECT_EQ(c.layers[0].metrics.outputActBytes, 4 * a.layers[0].metrics.outputActBytes);
    EXPECT_DOUBLE_EQ(c.layers[0].metrics.flopPerByte * 4, a.layers[0].metrics.flopPerByte);
}

TEST(OnnxImporter, ParsesModelsLargerThanProtobufDefaultLimit)
{
    GraphBuilder b("large");
    b.output(b.gemm(b.input("x", { 1, 4096 }), 5000)); // 20M weights = 80 MB of raw data
    std::string bytes = b.serialize(WeightStorage::Values);
    ASSERT_GT(bytes.size(), 64u << 20); // protobuf's default limit
    Model model = importOnnxBytes(bytes, "large.onnx");
    EXPECT_EQ(model.layers.at(0).metrics.params, 4096LL * 5000 + 5000);
}
