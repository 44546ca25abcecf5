#pragma once
// Models of the four kinds in the Mensa study (CNN, LSTM, Transducer, RCNN), built directly
// as characterised layer IR (LoopNest + LayerMetrics, int8), so cost-model tests and
// benchmarks do not depend on the ONNX importer. Header-only test support.

#include "model/Model.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa::testmodels {

// Builds a chain (or a few chains) of layers; every method appends one layer and returns
// the name of its output tensor. Shapes are tracked per tensor as {C, H, W} or, for
// sequences, {T, features} (H = T, W = 1 and C = features).
class LayerModelBuilder {
public:
    explicit LayerModelBuilder(std::string name) { m_model.name = std::move(name); }

    struct Shape {
        int64_t c = 1, h = 1, w = 1;
        int64_t elements() const { return c * h * w; }
    };

    std::string input(const std::string& name, Shape shape)
    {
        m_shapes[name] = shape;
        m_model.graphInputs.push_back(name);
        return name;
    }
    const Shape& shape(const std::string& tensor) const { return m_shapes.at(tensor); }

    std::string conv(
        const std::string& x, int64_t outC, int64_t k, int64_t stride = 1, int64_t groups = 1)
    {
        Shape in = shape(x);
        Shape out { outC, (in.h + stride - 1) / stride, (in.w + stride - 1) / stride };
        Layer l = base(groups == in.c && outC == in.c && groups > 1 ? LayerKind::DepthwiseConv
                                                                    : LayerKind::Conv,
            "Conv", x);
        l.nest.groups = groups;
        l.nest.outChannels = outC / groups;
        l.nest.inChannels = in.c / groups;
        l.nest.outH = out.h, l.nest.outW = out.w, l.nest.kernelH = k, l.nest.kernelW = k;
        l.nest.inH = in.h, l.nest.inW = in.w, l.nest.strideH = stride, l.nest.strideW = stride;
        int64_t params = outC * (in.c / groups) * k * k + outC;
        return finish(l, out, params, 0);
    }
    std::string depthwise(const std::string& x, int64_t k, int64_t stride = 1)
    {
        return conv(x, shape(x).c, k, stride, shape(x).c);
    }
    // Fully connected over `rows` rows of a [rows, features] tensor (a sequence: rows = T).
    std::string fc(const std::string& x, int64_t outFeatures)
    {
        Shape in = shape(x);
        int64_t rows = in.h * in.w, features = in.c;
        Layer l = base(LayerKind::FullyConnected, "Gemm", x);
        l.nest.batch = rows;
        l.nest.outChannels = outFeatures;
        l.nest.inChannels = features;
        return finish(
            l, Shape { outFeatures, in.h, in.w }, features * outFeatures + outFeatures, 0);
    }
    // LSTM over a sequence {T, features}: one matrix-vector product per time step.
    std::string lstm(const std::string& x, int64_t hidden)
    {
        Shape in = shape(x);
        int64_t steps = in.h, inputSize = in.c;
        Layer l = base(LayerKind::Lstm, "LSTM", x);
        l.nest.outChannels = 4 * hidden;
        l.nest.inChannels = inputSize + hidden;
        l.nest.steps = steps;
        int64_t params = 4 * hidden * (inputSize + hidden) + 8 * hidden;
        return finish(l, Shape { hidden, steps, 1 }, params, steps * hidden * 10);
    }
    std::string vectorOp(
        const std::string& x, LayerKind kind, const std::string& opType, double opsPerElement = 1)
    {
        Shape in = shape(x);
        Layer l = base(kind, opType, x);
        l.nest.outChannels = in.c, l.nest.outH = in.h, l.nest.outW = in.w;
        return finish(l, in, 0, int64_t(std::llround(in.elements() * opsPerElement)));
    }
    std::string add(const std::string& a, const std::string& b)
    {
        std::string out = vectorOp(a, LayerKind::Elementwise, "Add");
        Layer& l = m_model.layers.back();
        l.inputs.push_back(b);
        l.metrics.inputActBytes += shape(b).elements();
        return out;
    }
    std::string pool(const std::string& x, int64_t k, int64_t stride)
    {
        Shape in = shape(x);
        Shape out { in.c, (in.h + stride - 1) / stride, (in.w + stride - 1) / stride };
        Layer l = base(LayerKind::Pool, "MaxPool", x);
        l.nest.outChannels = out.c, l.nest.outH = out.h, l.nest.outW = out.w;
        l.nest.kernelH = k, l.nest.kernelW = k;
        return finish(l, out, 0, out.elements() * k * k);
    }
    std::string globalPool(const std::string& x)
    {
        Shape in = shape(x);
        Layer l = base(LayerKind::Pool, "GlobalAveragePool", x);
        l.nest.outChannels = in.c;
        return finish(l, Shape { in.c, 1, 1 }, 0, in.elements());
    }
    // Re-labels a tensor as a sequence {T, features} (a Reshape: free).
    std::string toSequence(const std::string& x, int64_t steps)
    {
        Shape in = shape(x);
        Layer l = base(LayerKind::Reshape, "Reshape", x);
        return finish(l, Shape { in.elements() / steps, steps, 1 }, 0, 0);
    }
    std::string custom(const std::string& x, const std::string& opType)
    {
        Layer l = base(LayerKind::Other, opType, x);
        l.unknownOp = true;
        return finish(l, shape(x), 0, 0);
    }

    Model build()
    {
        m_model.rebuildIndex();
        return m_model;
    }

private:
    Layer base(LayerKind kind, const std::string& opType, const std::string& x)
    {
        Layer l;
        l.name = opType + "_" + std::to_string(m_model.layers.size());
        l.opType = opType;
        l.kind = kind;
        l.inputs = { x };
        return l;
    }
    std::string finish(Layer& l, Shape out, int64_t params, int64_t vectorOps)
    {
        std::string name = "t" + std::to_string(m_model.layers.size());
        l.outputs = { name };
        m_shapes[name] = out;
        const auto& n = l.nest;
        auto& m = l.metrics;
        m.macs = isCompute(l.kind) ? n.steps * n.batch * n.groups * n.outChannels * n.inChannels
                * n.outH * n.outW * n.kernelH * n.kernelW
                                   : 0;
        m.macsPerStep = m.macs / std::max<int64_t>(1, n.steps);
        m.vectorOps = vectorOps;
        m.params = params;
        m.paramBytes = params;
        m.inputActBytes = shape(l.inputs[0]).elements();
        m.outputActBytes = out.elements();
        double bytes = double(m.paramBytes + m.inputActBytes + m.outputActBytes);
        m.flopPerByte = bytes > 0 ? 2.0 * double(m.macs) / bytes : 0;
        m.paramReuse = params > 0 ? double(m.macs) / double(params) : 0;
        m_model.layers.push_back(l);
        return name;
    }

    Model m_model;
    std::map<std::string, Shape> m_shapes;
};

inline Model mobileNetV2(int64_t resolution = 224)
{
    LayerModelBuilder b("mobilenet_v2");
    auto x = b.input("image", { 3, resolution, resolution });
    x = b.conv(x, 32, 3, 2);
    struct Block {
        int64_t t, c, n, s;
    };
    const Block blocks[] = { { 1, 16, 1, 1 }, { 6, 24, 2, 2 }, { 6, 32, 3, 2 }, { 6, 64, 4, 2 },
        { 6, 96, 3, 1 }, { 1 * 6, 160, 3, 2 }, { 6, 320, 1, 1 } };
    for (const auto& blk : blocks) {
        for (int64_t i = 0; i < blk.n; ++i) {
            int64_t stride = i == 0 ? blk.s : 1;
            int64_t inC = b.shape(x).c;
            auto y = blk.t == 1 ? x : b.conv(x, inC * blk.t, 1);
            y = b.depthwise(y, 3, stride);
            y = b.conv(y, blk.c, 1);
            x = (stride == 1 && inC == blk.c) ? b.add(y, x) : y;
        }
    }
    x = b.conv(x, 1280, 1);
    x = b.globalPool(x);
    b.fc(x, 1000);
    return b.build();
}

inline Model resNet50()
{
    LayerModelBuilder b("resnet50");
    auto x = b.input("image", { 3, 224, 224 });
    x = b.conv(x, 64, 7, 2);
    x = b.pool(x, 3, 2);
    const int64_t widths[] = { 64, 128, 256, 512 };
    const int counts[] = { 3, 4, 6, 3 };
    for (int stage = 0; stage < 4; ++stage) {
        for (int i = 0; i < counts[stage]; ++i) {
            int64_t stride = (i == 0 && stage > 0) ? 2 : 1;
            int64_t w = widths[stage];
            auto y = b.conv(x, w, 1);
            y = b.conv(y, w, 3, stride);
            y = b.conv(y, 4 * w, 1);
            auto shortcut = i == 0 ? b.conv(x, 4 * w, 1, stride) : x;
            x = b.add(y, shortcut);
        }
    }
    x = b.globalPool(x);
    b.fc(x, 1000);
    return b.build();
}

// Stacked LSTM language/speech model: LSTM layers then a projection to the vocabulary.
inline Model lstmModel(const std::string& name, int64_t steps, int64_t inputSize, int64_t hidden,
    int layers, int64_t vocab)
{
    LayerModelBuilder b(name);
    auto x = b.input("features", { inputSize, steps, 1 });
    for (int i = 0; i < layers; ++i)
        x = b.lstm(x, hidden);
    x = b.fc(x, vocab);
    b.vectorOp(x, LayerKind::Softmax, "Softmax", 4);
    return b.build();
}

// RNN-T-style transducer: LSTM encoder, LSTM prediction network and a joint network.
inline Model transducerModel(const std::string& name, int64_t steps, int64_t labels,
    int64_t encHidden, int encLayers, int64_t predHidden, int64_t vocab)
{
    LayerModelBuilder b(name);
    auto enc = b.input("audio", { 320, steps, 1 });
    for (int i = 0; i < encLayers; ++i)
        enc = b.lstm(enc, encHidden);
    auto pred = b.input("labels", { predHidden, labels, 1 });
    pred = b.lstm(pred, predHidden);
    pred = b.lstm(pred, predHidden);
    auto encProj = b.fc(enc, 640);
    auto predProj = b.fc(pred, 640);
    auto joint = b.add(encProj, predProj);
    joint = b.vectorOp(joint, LayerKind::Activation, "Tanh", 4);
    joint = b.fc(joint, vocab);
    b.vectorOp(joint, LayerKind::Softmax, "Softmax", 4);
    return b.build();
}

// Recurrent CNN: a convolutional front-end over a spectrogram or frame, then LSTMs.
inline Model rcnnModel(const std::string& name, int64_t channels, int64_t size, int64_t width,
    int64_t steps, int64_t hidden, int lstmLayers)
{
    LayerModelBuilder b(name);
    auto x = b.input("frames", { channels, size, size });
    x = b.conv(x, width, 3, 1);
    x = b.conv(x, width * 2, 3, 2);
    x = b.conv(x, width * 4, 3, 2);
    x = b.conv(x, width * 4, 3, 1);
    x = b.pool(x, 2, 2);
    x = b.toSequence(x, steps);
    for (int i = 0; i < lstmLayers; ++i)
        x = b.lstm(x, hidden);
    b.fc(x, 512);
    return b.build();
}

struct NamedModel {
    std::string kind;
    Model model;
};

// Two models of each kind, sized like the Google edge models the study describes
// (CNN parameters of a few MB to tens of MB, LSTMs and Transducers of tens of MB).
inline std::vector<NamedModel> studyModels()
{
    return {
        { "CNN", mobileNetV2() },
        { "CNN", resNet50() },
        { "LSTM", lstmModel("lstm_lm", 20, 1024, 1536, 2, 4096) },
        { "LSTM", lstmModel("lstm_asr", 50, 320, 1280, 3, 1024) },
        { "Transducer", transducerModel("rnnt_large", 32, 8, 1024, 4, 640, 4096) },
        { "Transducer", transducerModel("rnnt_small", 32, 8, 1024, 3, 640, 2048) },
        { "RCNN", rcnnModel("rcnn_speech", 1, 64, 32, 16, 1024, 2) },
        { "RCNN", rcnnModel("rcnn_video", 3, 96, 32, 24, 1024, 1) },
    };
}

// The ResNet-style 3x3 convolution the hand-derived cost pins share: 64 -> 128 channels at
// 28x28, GEMM Sr 784 x T 576 x N 128.
inline Layer conv3x3At28()
{
    LayerModelBuilder b("conv");
    b.conv(b.input("x", { 64, 28, 28 }), 128, 3);
    return b.build().layers.at(0);
}

// Picojoules in joules, as the cost results carry energy.
inline double pj(double picojoules)
{
    return picojoules * 1e-12;
}

} // namespace mensa::testmodels
