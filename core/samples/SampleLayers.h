#pragma once

// Internal to core/samples: layer idioms the published architectures share.
#include "samples/SampleGraph.h"

#include <string>

namespace mensa::samples {

enum class Act { None, Relu, Relu6, HardSwish };

std::string activate(SampleGraph& g, const std::string& x, Act act);
// Conv (no bias: batch norm follows) + BatchNorm + activation; pad < 0 means "same".
std::string convBn(SampleGraph& g, const std::string& x, int64_t out, int64_t kernel,
    int64_t stride = 1, Act act = Act::Relu, int64_t pad = -1);
// A kh x kw conv ("same" padding, stride 1, no bias) + BatchNorm + ReLU (Inception's 1x7...).
std::string convRectBn(SampleGraph& g, const std::string& x, int64_t out, int64_t kh, int64_t kw);
std::string depthwiseBn(
    SampleGraph& g, const std::string& x, int64_t kernel, int64_t stride, Act act);
// Squeeze-and-excitation (Hu et al. 2018) with MobileNetV3's ReLU / hard-sigmoid gating.
std::string squeezeExcite(SampleGraph& g, const std::string& x, int64_t squeezeChannels);
// Inverted residual (MobileNetV2/V3 "bneck"): 1x1 expansion (skipped when expanded ==
// input channels), k x k depthwise, optional SE, linear 1x1 projection, residual when the
// shape allows. `expansionOut` receives the expansion output when it exists.
std::string invertedResidual(SampleGraph& g, const std::string& x, int64_t expanded, int64_t out,
    int64_t kernel, int64_t stride, Act act, int64_t seChannels = 0,
    std::string* expansionOut = nullptr);
// Channel rounding of the MobileNet family (multiple of 8, never below 90%).
int64_t makeDivisible(double value, int64_t divisor = 8);
// Global average pooling + flatten + fully connected classifier + softmax.
std::string classifierHead(SampleGraph& g, const std::string& x, int64_t classes);
// [1, C, 1, W] feature map -> [W, 1, C] sequence (CRNN's map-to-sequence).
std::string mapToSequence(SampleGraph& g, const std::string& x);

} // namespace mensa::samples
