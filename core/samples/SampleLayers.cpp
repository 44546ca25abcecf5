#include "samples/SampleLayers.h"

#include <algorithm>

namespace mensa::samples {

std::string activate(SampleGraph& g, const std::string& x, Act act)
{
    switch (act) {
    case Act::None:
        return x;
    case Act::Relu:
        return g.relu(x);
    case Act::Relu6:
        return g.relu6(x);
    case Act::HardSwish:
        return g.hardSwish(x);
    }
    return x;
}

std::string convBn(SampleGraph& g, const std::string& x, int64_t out, int64_t kernel,
    int64_t stride, Act act, int64_t pad)
{
    return activate(g, g.batchNorm(g.conv(x, out, kernel, stride, 1, pad, 1, false)), act);
}

std::string convRectBn(SampleGraph& g, const std::string& x, int64_t out, int64_t kh, int64_t kw)
{
    return g.relu(g.batchNorm(g.convRect(x, out, kh, kw)));
}

std::string depthwiseBn(
    SampleGraph& g, const std::string& x, int64_t kernel, int64_t stride, Act act)
{
    return activate(g, g.batchNorm(g.depthwiseConv(x, kernel, stride)), act);
}

std::string squeezeExcite(SampleGraph& g, const std::string& x, int64_t squeezeChannels)
{
    const int64_t channels = g.shape(x)[1];
    std::string s = g.relu(g.conv(g.globalAvgPool(x), squeezeChannels, 1));
    s = g.hardSigmoid(g.conv(s, channels, 1));
    return g.mul(x, s);
}

std::string invertedResidual(SampleGraph& g, const std::string& x, int64_t expanded, int64_t out,
    int64_t kernel, int64_t stride, Act act, int64_t seChannels, std::string* expansionOut)
{
    const int64_t in = g.shape(x)[1];
    std::string y = x;
    if (expanded != in) {
        y = convBn(g, x, expanded, 1, 1, act);
        if (expansionOut)
            *expansionOut = y;
    }
    y = depthwiseBn(g, y, kernel, stride, act);
    if (seChannels > 0)
        y = squeezeExcite(g, y, seChannels);
    y = convBn(g, y, out, 1, 1, Act::None);
    return stride == 1 && in == out ? g.add(x, y) : y;
}

int64_t makeDivisible(double value, int64_t divisor)
{
    int64_t rounded = std::max<int64_t>(
        divisor, static_cast<int64_t>(value + divisor / 2.0) / divisor * divisor);
    return rounded < 0.9 * value ? rounded + divisor : rounded;
}

std::string classifierHead(SampleGraph& g, const std::string& x, int64_t classes)
{
    return g.softmax(g.gemm(g.flatten(g.globalAvgPool(x)), classes));
}

std::string mapToSequence(SampleGraph& g, const std::string& x)
{
    const auto s = g.shape(x); // [1, C, 1, W]
    return g.transpose(g.reshape(x, { s[0], s[1], s[3] }), { 2, 0, 1 });
}

} // namespace mensa::samples
