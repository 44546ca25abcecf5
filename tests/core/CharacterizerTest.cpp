#include "analysis/Characterizer.h"
#include "analysis/VectorOpCosts.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace mensa;

namespace {

void addTensor(
    Model& model, const std::string& name, std::vector<int64_t> shape, bool param = false)
{
    model.tensors[name] = TensorInfo { name, std::move(shape), ElementType::Float32, param };
}

// conv: x[1,16,8,8] * w[32,16,3,3] + b[32] -> y[1,32,8,8], followed by a relu (fused) and a pool.
Model convModel()
{
    Model model;
    addTensor(model, "x", { 1, 16, 8, 8 });
    addTensor(model, "w", { 32, 16, 3, 3 }, true);
    addTensor(model, "b", { 32 }, true);
    addTensor(model, "y", { 1, 32, 8, 8 });
    addTensor(model, "p", { 1, 32, 4, 4 });
    Layer conv;
    conv.name = "conv";
    conv.opType = "Conv";
    conv.kind = LayerKind::Conv;
    conv.inputs = { "x" };
    conv.params = { "w", "b" };
    conv.outputs = { "y" };
    conv.fusedOps = { "Relu" };
    conv.nest = LoopNest { 1, 1, 32, 16, 8, 8, 3, 3, 8, 8, 1, 1, 1 };
    Layer pool;
    pool.name = "pool";
    pool.opType = "MaxPool";
    pool.kind = LayerKind::Pool;
    pool.inputs = { "y" };
    pool.outputs = { "p" };
    pool.nest = LoopNest { 1, 1, 32, 32, 4, 4, 2, 2, 8, 8, 2, 2, 1 };
    model.layers = { conv, pool };
    model.rebuildIndex();
    return model;
}

} // namespace

TEST(Characterizer, ConvMetrics)
{
    Model model = convModel();
    characterize(model);
    const LayerMetrics& m = model.layers[0].metrics;
    EXPECT_EQ(m.macs, 32LL * 16 * 64 * 9);
    EXPECT_EQ(m.macsPerStep, m.macs);
    EXPECT_EQ(m.params, 32 * 16 * 9 + 32);
    EXPECT_EQ(m.paramBytes, m.params);
    EXPECT_EQ(m.inputActBytes, 16 * 64);
    EXPECT_EQ(m.outputActBytes, 32 * 64);
    EXPECT_EQ(m.vectorOps, 32 * 64); // the fused ReLU
    EXPECT_DOUBLE_EQ(m.flopPerByte, 2.0 * m.macs / (m.params + 16 * 64 + 32 * 64));
    EXPECT_DOUBLE_EQ(m.paramReuse, static_cast<double>(m.macs) / m.params);
    const LayerMetrics& p = model.layers[1].metrics;
    EXPECT_EQ(p.macs, 0);
    EXPECT_EQ(p.vectorOps, 4 * 32 * 16);
    EXPECT_EQ(p.params, 0);
    EXPECT_DOUBLE_EQ(p.paramReuse, 0.0);
    ModelTotals t = totals(model);
    EXPECT_EQ(t.macs, m.macs);
    EXPECT_EQ(t.computeLayers, 1);
}

TEST(Characterizer, PrecisionScalesBytes)
{
    Model model = convModel();
    LayerMetrics fp16 = characterizeLayer(model, model.layers[0], 2);
    EXPECT_EQ(fp16.bytesPerElement, 2);
    EXPECT_EQ(fp16.paramBytes, 2 * fp16.params);
    EXPECT_EQ(fp16.outputActBytes, 2 * 32 * 64);
    EXPECT_THROW(characterizeLayer(model, model.layers[0], 0), MensaError);
}

TEST(Characterizer, RecurrentMacsPerStep)
{
    Model model;
    addTensor(model, "x", { 7, 2, 10 });
    addTensor(model, "W", { 1, 64, 10 }, true);
    addTensor(model, "R", { 1, 64, 16 }, true);
    addTensor(model, "B", { 1, 128 }, true);
    addTensor(model, "y", { 7, 1, 2, 16 });
    Layer lstm;
    lstm.name = "lstm";
    lstm.opType = "LSTM";
    lstm.kind = LayerKind::Lstm;
    lstm.inputs = { "x" };
    lstm.params = { "W", "R", "B" };
    lstm.outputs = { "y" };
    lstm.nest.steps = 7;
    lstm.nest.batch = 2;
    lstm.nest.outChannels = 64;
    lstm.nest.inChannels = 26;
    model.layers = { lstm };
    characterize(model);
    const LayerMetrics& m = model.layers[0].metrics;
    EXPECT_EQ(m.macs, 7LL * 2 * 64 * 26);
    EXPECT_EQ(m.macsPerStep, 2LL * 64 * 26);
    EXPECT_EQ(m.params, 640 + 1024 + 128);
    EXPECT_EQ(m.vectorOps, 7LL * 2 * 16 * VectorOpCosts::perRecurrentUnit("LSTM"));
}

TEST(Characterizer, OverflowAndUnknownTensorsAreErrors)
{
    Model model = convModel();
    model.layers[0].nest.outH = 1LL << 40;
    model.layers[0].nest.outW = 1LL << 40;
    EXPECT_THROW(characterize(model), MensaError);
    Model missing = convModel();
    missing.layers[1].inputs = { "nowhere" };
    EXPECT_THROW(characterize(missing), MensaError);
}

TEST(Characterizer, VectorOpCostTable)
{
    EXPECT_EQ(VectorOpCosts::perElement("Relu"), 1);
    EXPECT_EQ(VectorOpCosts::perElement("Softmax"), 4);
    EXPECT_EQ(VectorOpCosts::perElement("Resize", "linear"), 4);
    EXPECT_EQ(VectorOpCosts::perElement("Resize", "nearest"), 1);
    EXPECT_GT(VectorOpCosts::perElement("Gelu"), VectorOpCosts::perElement("Sigmoid"));
}
