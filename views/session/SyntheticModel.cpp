#include "session/SyntheticModel.h"

#include <string>

namespace mensa {

namespace {

struct Shape {
    int64_t c, h, w;
};

void fillMetrics(Layer& l, int64_t paramCount)
{
    const LoopNest& n = l.nest;
    LayerMetrics& m = l.metrics;
    const int64_t outElems = n.batch * n.outChannels * n.outH * n.outW;
    if (isCompute(l.kind)) {
        m.macs = n.steps * n.batch * n.groups * n.outChannels * n.inChannels * n.outH * n.outW
            * n.kernelH * n.kernelW;
        m.macsPerStep = m.macs / n.steps;
    }
    else {
        m.vectorOps = outElems;
    }
    m.params = paramCount;
    m.paramBytes = paramCount;
    m.inputActBytes = n.batch * n.inChannels * n.groups * n.inH * n.inW * n.steps;
    m.outputActBytes = outElems * n.steps;
    const double bytes = double(m.paramBytes + m.inputActBytes + m.outputActBytes);
    m.flopPerByte = bytes > 0 ? 2.0 * m.macs / bytes : 0;
    m.paramReuse = paramCount > 0 ? double(m.macs) / paramCount : 0;
}

Layer makeLayer(
    int index, LayerKind kind, const std::string& op, const std::vector<std::string>& inputs)
{
    Layer l;
    l.name = op + "_" + std::to_string(index);
    l.opType = op;
    l.kind = kind;
    l.inputs = inputs;
    l.outputs = { "t" + std::to_string(index) };
    return l;
}

// One layer of the repeating pattern; `s` is the running activation shape.
Layer patternLayer(int i, Shape& s, const std::vector<std::string>& inputs)
{
    LoopNest n;
    n.inChannels = s.c;
    n.inH = s.h;
    n.inW = s.w;
    switch (i % 8) {
    case 0:
    case 3: { // pointwise / dense conv
        Layer l = makeLayer(i, LayerKind::Conv, "Conv", inputs);
        const int64_t k = (i % 16 == 0) ? std::min<int64_t>(s.c * 2, 512) : s.c;
        n.outChannels = k;
        n.outH = s.h;
        n.outW = s.w;
        l.nest = n;
        l.fusedOps = { "BatchNormalization", "Relu" };
        fillMetrics(l, k * s.c + k);
        s.c = k;
        return l;
    }
    case 1: { // depthwise 3x3, sometimes strided
        Layer l = makeLayer(i, LayerKind::DepthwiseConv, "Conv", inputs);
        const int64_t stride = (i % 24 == 1 && s.h > 7) ? 2 : 1;
        n.groups = s.c;
        n.inChannels = 1;
        n.outChannels = 1;
        n.kernelH = n.kernelW = 3;
        n.outH = s.h / stride;
        n.outW = s.w / stride;
        n.strideH = n.strideW = stride;
        l.nest = n;
        fillMetrics(l, 9 * s.c + s.c);
        s.h = n.outH;
        s.w = n.outW;
        return l;
    }
    case 2: {
        Layer l = makeLayer(i, LayerKind::Activation, "Relu", inputs);
        n.outChannels = s.c;
        n.outH = s.h;
        n.outW = s.w;
        l.nest = n;
        fillMetrics(l, 0);
        return l;
    }
    case 4: {
        Layer l = makeLayer(i, LayerKind::Elementwise, "Add", inputs);
        n.outChannels = s.c;
        n.outH = s.h;
        n.outW = s.w;
        l.nest = n;
        fillMetrics(l, 0);
        return l;
    }
    case 5: { // LSTM over the flattened features
        Layer l = makeLayer(i, LayerKind::Lstm, "LSTM", inputs);
        const int64_t hidden = 256, input = std::min<int64_t>(s.c, 512);
        n.steps = 20;
        n.outChannels = 4 * hidden;
        n.inChannels = input + hidden;
        l.nest = n;
        fillMetrics(l, 4 * hidden * (input + hidden) + 8 * hidden);
        return l;
    }
    case 6: { // fully connected
        Layer l = makeLayer(i, LayerKind::FullyConnected, "Gemm", inputs);
        n.outChannels = 1000;
        n.inChannels = s.c;
        l.nest = n;
        fillMetrics(l, 1000 * s.c + 1000);
        return l;
    }
    default: {
        Layer l = makeLayer(i, LayerKind::Pool, "MaxPool", inputs);
        n.outChannels = s.c;
        n.outH = s.h;
        n.outW = s.w;
        l.nest = n;
        fillMetrics(l, 0);
        return l;
    }
    }
}

} // namespace

Model makeSyntheticModel(int layers, const std::string& name)
{
    Model model;
    model.name = name;
    model.graphInputs = { "input" };
    model.tensors["input"] = { "input", { 1, 3, 224, 224 }, ElementType::Float32, false };
    Shape s { 32, 112, 112 };
    std::string prev = "input";
    for (int i = 0; i < layers; ++i) {
        std::vector<std::string> inputs { prev };
        if (i % 8 == 4 && i >= 4) // residual merge from the start of the block
            inputs.push_back("t" + std::to_string(i - 3));
        if (i % 8 == 5 || i % 8 == 6) // side branches off the trunk
            inputs = { "t" + std::to_string(i - (i % 8 == 5 ? 1 : 2)) };
        Layer l = patternLayer(i, s, inputs);
        model.tensors[l.outputs[0]]
            = { l.outputs[0], { 1, s.c, s.h, s.w }, ElementType::Float32, false };
        if (i % 8 != 5 && i % 8 != 6)
            prev = l.outputs[0];
        model.layers.push_back(std::move(l));
    }
    model.graphOutputs = { prev };
    model.rebuildIndex();
    return model;
}

} // namespace mensa
