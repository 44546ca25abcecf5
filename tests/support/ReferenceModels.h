#pragma once
// Well-known networks built with GraphBuilder, for count checks and benchmarks
// (torchvision layouts: convolutions without bias, followed by BatchNorm).

#include "model/GraphBuilder.h"

#include <string>

namespace mensa::reference {

inline std::string convBn(GraphBuilder& b, const std::string& x, int64_t out, int64_t kernel,
    int64_t stride, int64_t groups = 1)
{
    return b.batchNorm(b.conv(x, out, kernel, stride, groups, -1, 1, false));
}

// MobileNetV2 1.0 at 224x224: ~300M MACs, ~3.5M parameters.
inline GraphBuilder mobileNetV2(int64_t resolution = 224, int opset = 13)
{
    GraphBuilder b("mobilenet_v2", opset);
    std::string x
        = b.relu6(convBn(b, b.input("input", { 1, 3, resolution, resolution }), 32, 3, 2));
    int64_t channels = 32;
    const int64_t settings[][4] = { { 1, 16, 1, 1 }, { 6, 24, 2, 2 }, { 6, 32, 3, 2 },
        { 6, 64, 4, 2 }, { 6, 96, 3, 1 }, { 6, 160, 3, 2 }, { 6, 320, 1, 1 } };
    for (const auto& s : settings) {
        for (int64_t i = 0; i < s[2]; ++i) {
            int64_t stride = i == 0 ? s[3] : 1;
            int64_t hidden = channels * s[0];
            std::string y = x;
            if (s[0] != 1)
                y = b.relu6(convBn(b, y, hidden, 1, 1));
            y = b.relu6(convBn(b, y, hidden, 3, stride, hidden));
            y = convBn(b, y, s[1], 1, 1);
            x = stride == 1 && channels == s[1] ? b.add(x, y) : y;
            channels = s[1];
        }
    }
    x = b.relu6(convBn(b, x, 1280, 1, 1));
    b.output(b.gemm(b.flatten(b.globalAvgPool(x)), 1000));
    return b;
}

inline std::string bottleneck(GraphBuilder& b, const std::string& x, int64_t width, int64_t stride)
{
    int64_t inChannels = b.shape(x)[1];
    std::string y = b.relu(convBn(b, x, width, 1, 1));
    y = b.relu(convBn(b, y, width, 3, stride));
    y = convBn(b, y, width * 4, 1, 1);
    std::string shortcut = x;
    if (stride != 1 || inChannels != width * 4)
        shortcut = convBn(b, x, width * 4, 1, stride);
    return b.relu(b.add(y, shortcut));
}

// ResNet-50 (v1.5) at 224x224: ~4.1G MACs, ~25.6M parameters.
inline GraphBuilder resNet50(int64_t resolution = 224, int opset = 13)
{
    GraphBuilder b("resnet50", opset);
    std::string x = b.relu(convBn(b, b.input("input", { 1, 3, resolution, resolution }), 64, 7, 2));
    x = b.maxPool(x, 3, 2, 1);
    const int64_t blocks[] = { 3, 4, 6, 3 };
    for (int stage = 0; stage < 4; ++stage)
        for (int64_t i = 0; i < blocks[stage]; ++i)
            x = bottleneck(b, x, 64LL << stage, i == 0 && stage > 0 ? 2 : 1);
    b.output(b.gemm(b.flatten(b.globalAvgPool(x)), 1000));
    return b;
}

} // namespace mensa::reference
