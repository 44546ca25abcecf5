#pragma once

#include "model/GraphBuilder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace mensa {

// GraphBuilder plus the few shapes the published architectures need that its square-kernel
// API cannot state directly. Rectangular kernels and HardSigmoid attributes are built as
// their square/default form and patched in the ModelProto afterwards (output shapes are the
// same either way); height-only pooling is composed from layout ops.
class SampleGraph : public GraphBuilder {
public:
    explicit SampleGraph(std::string modelName);

    // Convolution with a kh x kw kernel, stride 1, "same" padding (Inception's 1x7, 3x1...).
    std::string convRect(
        const std::string& x, int64_t outChannels, int64_t kh, int64_t kw, bool bias = false);
    // HardSigmoid with MobileNetV3's slope: relu6(x + 3) / 6.
    std::string hardSigmoid(const std::string& x);
    // Max pooling of window k and stride k along H only, W untouched (CRNN's 2x1 pooling,
    // CLDNN's frequency pooling): the W axis is moved into the batch and repeated k times so
    // that a square k x k pooling covers exactly the k rows of one column.
    std::string maxPoolHeight(const std::string& x, int64_t k);
    // LSTM with a recurrent projection (LSTMP, Sak et al. 2014), x: [T, N, I] -> [T, N, proj].
    // ONNX's LSTM has no projection, so the layer is an LSTM whose cell count makes its weights
    // (and MACs per step) match the published LSTMP layer, followed by the projection MatMul.
    std::string lstmProjected(const std::string& x, int64_t cells, int64_t projection);
    // Cell count used by lstmProjected for an LSTMP layer of `cells` cells.
    static int64_t equivalentCells(int64_t input, int64_t cells, int64_t projection);

    // build() with the recorded patches applied.
    onnx::ModelProto buildPatched(WeightStorage storage) const;

private:
    struct KernelPatch {
        std::string output;
        int64_t kh = 1;
        int64_t kw = 1;
    };
    std::vector<KernelPatch> m_kernelPatches;
    std::vector<std::string> m_hardSigmoids; // outputs of HardSigmoid nodes to give alpha = 1/6
};

} // namespace mensa
