#pragma once
// Models built layer by layer (no ONNX file) for the repeated-block grouping and the graph view.

#include "model/Model.h"

#include <string>
#include <vector>

namespace mensa::test {

// Each layer's output tensor is named after the layer; MACs are 10 per output channel.
class ModelSketch {
public:
    std::string add(const std::string& name, LayerKind kind, const std::string& op,
        std::vector<std::string> inputs, int64_t channels)
    {
        Layer l;
        l.name = name;
        l.opType = op;
        l.kind = kind;
        l.inputs = std::move(inputs);
        l.outputs = { name };
        l.nest.outChannels = channels;
        l.metrics.macs = isCompute(kind) ? channels * 10 : 0;
        m_model.layers.push_back(std::move(l));
        return name;
    }
    Model take()
    {
        m_model.rebuildIndex();
        return std::move(m_model);
    }

private:
    Model m_model;
};

// A ResNet-like model: stem, then stages of bottleneck blocks (conv, conv, conv, add, relu;
// layers "s<stage>b<block>_c1" ...), the first block of every stage with a projection
// shortcut and a new width, then "fc". 5 layers per block, one more per stage, plus 2.
inline Model residualStages(const std::vector<int>& blocksPerStage)
{
    ModelSketch s;
    std::string x = s.add("stem", LayerKind::Conv, "Conv", { "image" }, 64);
    for (size_t stage = 0; stage < blocksPerStage.size(); ++stage) {
        const int64_t width = int64_t(64) << stage;
        for (int b = 0; b < blocksPerStage[stage]; ++b) {
            const std::string p = "s" + std::to_string(stage) + "b" + std::to_string(b) + "_";
            std::string y = s.add(p + "c1", LayerKind::Conv, "Conv", { x }, width);
            y = s.add(p + "c2", LayerKind::Conv, "Conv", { y }, width);
            y = s.add(p + "c3", LayerKind::Conv, "Conv", { y }, width * 4);
            std::string shortcut = x;
            if (b == 0)
                shortcut = s.add(p + "down", LayerKind::Conv, "Conv", { x }, width * 4);
            y = s.add(p + "add", LayerKind::Elementwise, "Add", { y, shortcut }, width * 4);
            x = s.add(p + "relu", LayerKind::Activation, "Relu", { y }, width * 4);
        }
    }
    s.add("fc", LayerKind::FullyConnected, "Gemm", { x }, 1000);
    return s.take();
}

// A model with no repeats: `layers` layers of distinct widths and operators ("Op<i>"), each
// reading the one before, every fourth ("a<i>", an Add) also reading the layer three back (a
// skip), so that only some layers are single-tensor cut points.
inline Model distinctLayers(int layers)
{
    ModelSketch s;
    std::vector<std::string> names { s.add("l0", LayerKind::Conv, "Op0", { "input" }, 8) };
    for (int i = 1; i < layers; ++i) {
        const int64_t width = 8 * (i + 1);
        if (i % 4 == 0 && i >= 3)
            names.push_back(s.add("a" + std::to_string(i), LayerKind::Elementwise, "Add",
                { names[i - 1], names[i - 3] }, width));
        else
            names.push_back(s.add("l" + std::to_string(i), LayerKind::Conv,
                "Op" + std::to_string(i), { names[i - 1] }, width));
    }
    return s.take();
}

} // namespace mensa::test
