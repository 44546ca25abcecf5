#pragma once

#include "cost/CostModel.h"
#include "cost/SpecParser.h"

namespace mensa {

// An NVDLA-style deep-learning accelerator (one DLA of a Jetson AGX Xavier) as a roofline per
// layer (ProcessorCost.h). Convolution-like layers (Conv, depthwise, ConvTranspose, FC) run
// on the convolution MAC array at INT8 or FP16; pooling, activations, element-wise sums and
// normalisation run on the post-processing engines (SDP/PDP/CDP). A layer whose weights and
// input do not both fit the convolution buffer re-streams one of them (convolutionReads).
// Layer kinds the DLA compiler refuses (recurrent, MatMul of two activations, Softmax, ...),
// listed operators and FP32 layers come back mapped = false with the reason: the schedulers
// place them on the GPU, as TensorRT's GPU fallback does.
class DlaCostModel : public CostModel {
public:
    // Validates the spec (it must carry a dla block); throws MensaError.
    explicit DlaCostModel(AcceleratorSpecPtr spec);

    const std::string& name() const override { return m_spec->name(); }
    LayerCost evaluate(const Layer& layer) const override;
    // INT8 convolution peak.
    double peakMacsPerSecond() const override;
    double memoryBandwidth() const override;
    std::string memoryName() const override { return "shared DRAM"; }
    double staticPower() const override { return m_spec->dla().idle_power_w(); }
    // 2 x peak MACs/s / active power.
    double peakOpsPerWatt() const override;

    // "" when the DLA can run the layer, else why not (one sentence).
    std::string refusal(const Layer& layer) const;
    // DRAM bytes a convolution-core layer reads when weights W and input I do not both fit
    // half the CBUF: the cheaper of streaming the input once per weight group
    // (W + I x ceil(W / (CBUF/2))) and the weights once per input tile (I + W x ceil(I /
    // (CBUF/2))).
    double convolutionReads(const Layer& layer) const;
    double efficiency(LayerKind kind) const;

private:
    AcceleratorSpecPtr m_spec;
};

} // namespace mensa
