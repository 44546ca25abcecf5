// CNNs of the sample suite. Channel counts, strides and kernels follow the cited papers
// (or their reference implementations where a paper leaves them to code).
#include "samples/SampleBuilders.h"
#include "samples/SampleLayers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace mensa::samples {
namespace {

// One MobileNetV3 "bneck" row: kernel, expansion channels, output, SE, activation, stride.
struct Bneck {
    int64_t kernel, expanded, out;
    bool se;
    Act act;
    int64_t stride;
};

std::string mobileNetV3Body(SampleGraph& g, std::string x, const std::vector<Bneck>& rows)
{
    for (const auto& r : rows) {
        int64_t se = r.se ? makeDivisible(r.expanded / 4.0) : 0;
        x = invertedResidual(g, x, r.expanded, r.out, r.kernel, r.stride, r.act, se);
    }
    return x;
}

// MobileNetV3's last stage: 1x1 conv, pooling, a 1x1 conv without BN, the classifier.
std::string mobileNetV3Head(SampleGraph& g, const std::string& x, int64_t lastConv, int64_t hidden)
{
    std::string y = g.globalAvgPool(convBn(g, x, lastConv, 1, 1, Act::HardSwish));
    y = g.hardSwish(g.conv(y, hidden, 1));
    return g.softmax(g.flatten(g.conv(y, 1000, 1)));
}

// EfficientNet-EdgeTPU's fused inverted residual: a k x k expansion conv replaces the
// 1x1 expansion + depthwise pair, then a linear 1x1 projection.
std::string fusedInvertedResidual(SampleGraph& g, const std::string& x, int64_t expand, int64_t out,
    int64_t kernel, int64_t stride, bool skip)
{
    const int64_t in = g.shape(x)[1];
    std::string y = convBn(g, x, in * expand, kernel, stride, Act::Relu);
    y = convBn(g, y, out, 1, 1, Act::None);
    return skip && stride == 1 && in == out ? g.add(x, y) : y;
}

std::string bottleneck(
    SampleGraph& g, const std::string& x, int64_t mid, int64_t out, int64_t stride)
{
    std::string y = convBn(g, x, mid, 1, 1, Act::Relu);
    y = convBn(g, y, mid, 3, stride, Act::Relu); // stride on the 3x3 (ResNet v1.5)
    y = convBn(g, y, out, 1, 1, Act::None);
    const bool project = stride != 1 || g.shape(x)[1] != out;
    std::string shortcut = project ? convBn(g, x, out, 1, stride, Act::None) : x;
    return g.relu(g.add(y, shortcut));
}

std::string inceptionA(SampleGraph& g, const std::string& x, int64_t poolFeatures)
{
    std::string b1 = convBn(g, x, 64, 1);
    std::string b5 = convBn(g, convBn(g, x, 48, 1), 64, 5);
    std::string b3 = convBn(g, convBn(g, convBn(g, x, 64, 1), 96, 3), 96, 3);
    std::string bp = convBn(g, g.avgPool(x, 3, 1, 1), poolFeatures, 1);
    return g.concat({ b1, b5, b3, bp }, 1);
}

std::string inceptionB(SampleGraph& g, const std::string& x)
{
    std::string b3 = convBn(g, x, 384, 3, 2, Act::Relu, 0);
    std::string bd = convBn(g, convBn(g, convBn(g, x, 64, 1), 96, 3), 96, 3, 2, Act::Relu, 0);
    return g.concat({ b3, bd, g.maxPool(x, 3, 2) }, 1);
}

std::string inceptionC(SampleGraph& g, const std::string& x, int64_t c7)
{
    std::string b1 = convBn(g, x, 192, 1);
    std::string b7 = convRectBn(g, convRectBn(g, convBn(g, x, c7, 1), c7, 1, 7), 192, 7, 1);
    std::string bd = convBn(g, x, c7, 1);
    bd = convRectBn(g, convRectBn(g, bd, c7, 7, 1), c7, 1, 7);
    bd = convRectBn(g, convRectBn(g, bd, c7, 7, 1), 192, 1, 7);
    std::string bp = convBn(g, g.avgPool(x, 3, 1, 1), 192, 1);
    return g.concat({ b1, b7, bd, bp }, 1);
}

std::string inceptionD(SampleGraph& g, const std::string& x)
{
    std::string b3 = convBn(g, convBn(g, x, 192, 1), 320, 3, 2, Act::Relu, 0);
    std::string b7 = convRectBn(g, convRectBn(g, convBn(g, x, 192, 1), 192, 1, 7), 192, 7, 1);
    b7 = convBn(g, b7, 192, 3, 2, Act::Relu, 0);
    return g.concat({ b3, b7, g.maxPool(x, 3, 2) }, 1);
}

std::string inceptionE(SampleGraph& g, const std::string& x)
{
    std::string b1 = convBn(g, x, 320, 1);
    std::string b3 = convBn(g, x, 384, 1);
    b3 = g.concat({ convRectBn(g, b3, 384, 1, 3), convRectBn(g, b3, 384, 3, 1) }, 1);
    std::string bd = convBn(g, convBn(g, x, 448, 1), 384, 3);
    bd = g.concat({ convRectBn(g, bd, 384, 1, 3), convRectBn(g, bd, 384, 3, 1) }, 1);
    std::string bp = convBn(g, g.avgPool(x, 3, 1, 1), 192, 1);
    return g.concat({ b1, b3, bd, bp }, 1);
}

std::string fire(SampleGraph& g, const std::string& x, int64_t squeeze, int64_t expand)
{
    std::string s = g.relu(g.conv(x, squeeze, 1));
    return g.concat({ g.relu(g.conv(s, expand, 1)), g.relu(g.conv(s, expand, 3)) }, 1);
}

// An SSD box predictor on one feature map, flattened to [1, H*W*anchors, values]: a 1x1 conv
// (SSD) or a 3x3 depthwise + 1x1 conv (SSDLite).
std::string ssdHead(
    SampleGraph& g, const std::string& feature, int64_t anchors, int64_t values, bool lite)
{
    const std::string in = lite ? depthwiseBn(g, feature, 3, 1, Act::Relu6) : feature;
    const std::string y = g.conv(in, anchors * values, 1);
    const auto s = g.shape(y);
    return g.reshape(g.transpose(y, { 0, 2, 3, 1 }), { 1, s[2] * s[3] * anchors, values });
}

// SqueezeNet (Iandola et al. 2016) at 224x224: a conv stem, then fire modules 2 .. 9 with a
// 3x3/2 max pool after the stem and after the two fire modules `poolAfter` names. Pools keep a
// last partial window (`ceil`) as Caffe's and torchvision's models do.
SampleGraph squeezeNet(const std::string& name, int64_t stemChannels, int64_t stemKernel,
    std::array<int, 2> poolAfter, bool ceil)
{
    static const std::array<std::pair<int64_t, int64_t>, 8> fires { { { 16, 64 }, { 16, 64 },
        { 32, 128 }, { 32, 128 }, { 48, 192 }, { 48, 192 }, { 64, 256 }, { 64, 256 } } };
    SampleGraph g(name);
    std::string x
        = g.relu(g.conv(g.input("image", { 1, 3, 224, 224 }), stemChannels, stemKernel, 2, 1, 0));
    x = g.maxPool(x, 3, 2, 0, ceil);
    for (int module = 2; module <= 9; ++module) {
        const auto [squeeze, expand] = fires[size_t(module - 2)];
        x = fire(g, x, squeeze, expand);
        if (module == poolAfter[0] || module == poolAfter[1])
            x = g.maxPool(x, 3, 2, 0, ceil);
    }
    x = g.relu(g.conv(x, 1000, 1));
    g.output(g.softmax(g.flatten(g.globalAvgPool(x))));
    return g;
}

} // namespace

SampleGraph mobileNetV1()
{
    return mobileNetV1Scaled("mobilenet_v1", 1.0, 224);
}

// TF-slim's depth rule for MobileNet v1: channels x width, truncated, at least 8.
std::string mobileNetV1Features(SampleGraph& g, const std::string& image, double width,
    std::vector<std::string>* pointwise, Act act)
{
    const auto depth = [width](int64_t c) { return std::max<int64_t>(8, int64_t(c * width)); };
    std::string x = convBn(g, image, depth(32), 3, 2, act);
    const std::array<std::pair<int64_t, int64_t>, 13> blocks { { { 64, 1 }, { 128, 2 }, { 128, 1 },
        { 256, 2 }, { 256, 1 }, { 512, 2 }, { 512, 1 }, { 512, 1 }, { 512, 1 }, { 512, 1 },
        { 512, 1 }, { 1024, 2 }, { 1024, 1 } } };
    for (const auto& [channels, stride] : blocks) {
        x = convBn(g, depthwiseBn(g, x, 3, stride, act), depth(channels), 1, 1, act);
        if (pointwise)
            pointwise->push_back(x);
    }
    return x;
}

SampleGraph mobileNetV1Scaled(const std::string& name, double width, int64_t resolution)
{
    SampleGraph g(name);
    const std::string image = g.input("image", { 1, 3, resolution, resolution });
    g.output(classifierHead(g, mobileNetV1Features(g, image, width), 1000));
    return g;
}

std::string mobileNetV2Blocks(SampleGraph& g, const std::string& image,
    std::vector<std::string>* expansions, double width, int64_t outputStride)
{
    // t (expansion), c (channels), n (repeats), s (stride) of the paper's Table 2.
    const std::array<std::array<int64_t, 4>, 7> stages { { { 1, 16, 1, 1 }, { 6, 24, 2, 2 },
        { 6, 32, 3, 2 }, { 6, 64, 4, 2 }, { 6, 96, 3, 1 }, { 6, 160, 3, 2 }, { 6, 320, 1, 1 } } };
    const auto depth = [width](int64_t c) { return makeDivisible(double(c) * width); };
    std::string x = convBn(g, image, depth(32), 3, 2, Act::Relu6);
    int64_t reached = 2; // the stem's stride
    for (const auto& [t, c, n, s] : stages) {
        const int64_t stageStride = reached < outputStride ? s : 1; // atrous beyond it
        reached *= stageStride;
        for (int64_t i = 0; i < n; ++i) {
            const int64_t stride = i == 0 ? stageStride : 1;
            std::string expansion;
            x = invertedResidual(
                g, x, g.shape(x)[1] * t, depth(c), 3, stride, Act::Relu6, 0, &expansion);
            if (expansions)
                expansions->push_back(expansion);
        }
    }
    return x;
}

std::string mobileNetV2Features(
    SampleGraph& g, const std::string& image, std::string* stride16Expansion, double width)
{
    std::vector<std::string> expansions;
    const std::string x = mobileNetV2Blocks(g, image, &expansions, width);
    if (stride16Expansion)
        *stride16Expansion = expansions.at(13); // the first 160-channel block's
    // The paper keeps the last conv at 1280 for multipliers below one.
    return convBn(g, x, width > 1.0 ? makeDivisible(1280 * width) : 1280, 1, 1, Act::Relu6);
}

SampleGraph mobileNetV2()
{
    return mobileNetV2Scaled("mobilenet_v2", 1.0, 224);
}

SampleGraph mobileNetV2Scaled(const std::string& name, double width, int64_t resolution)
{
    SampleGraph g(name);
    const std::string image = g.input("image", { 1, 3, resolution, resolution });
    g.output(classifierHead(g, mobileNetV2Features(g, image, nullptr, width), 1000));
    return g;
}

SampleGraph mobileNetV3Large()
{
    SampleGraph g("mobilenet_v3_large");
    const Act re = Act::Relu, hs = Act::HardSwish;
    std::string x = convBn(g, g.input("image", { 1, 3, 224, 224 }), 16, 3, 2, hs);
    x = mobileNetV3Body(g, x,
        { { 3, 16, 16, false, re, 1 }, { 3, 64, 24, false, re, 2 }, { 3, 72, 24, false, re, 1 },
            { 5, 72, 40, true, re, 2 }, { 5, 120, 40, true, re, 1 }, { 5, 120, 40, true, re, 1 },
            { 3, 240, 80, false, hs, 2 }, { 3, 200, 80, false, hs, 1 },
            { 3, 184, 80, false, hs, 1 }, { 3, 184, 80, false, hs, 1 },
            { 3, 480, 112, true, hs, 1 }, { 3, 672, 112, true, hs, 1 },
            { 5, 672, 160, true, hs, 2 }, { 5, 960, 160, true, hs, 1 },
            { 5, 960, 160, true, hs, 1 } });
    g.output(mobileNetV3Head(g, x, 960, 1280));
    return g;
}

SampleGraph mobileNetV3Small()
{
    SampleGraph g("mobilenet_v3_small");
    const Act re = Act::Relu, hs = Act::HardSwish;
    std::string x = convBn(g, g.input("image", { 1, 3, 224, 224 }), 16, 3, 2, hs);
    x = mobileNetV3Body(g, x,
        { { 3, 16, 16, true, re, 2 }, { 3, 72, 24, false, re, 2 }, { 3, 88, 24, false, re, 1 },
            { 5, 96, 40, true, hs, 2 }, { 5, 240, 40, true, hs, 1 }, { 5, 240, 40, true, hs, 1 },
            { 5, 120, 48, true, hs, 1 }, { 5, 144, 48, true, hs, 1 }, { 5, 288, 96, true, hs, 2 },
            { 5, 576, 96, true, hs, 1 }, { 5, 576, 96, true, hs, 1 } });
    g.output(mobileNetV3Head(g, x, 576, 1024));
    return g;
}

SampleGraph efficientNetEdgeTpuS()
{
    return efficientNetEdgeTpu("efficientnet_edgetpu_s", 1.0, 224);
}

// EfficientNet's repeat rounding (Tan and Le 2019): ceil(depth x repeats).
int64_t roundRepeats(double depth, int64_t repeats)
{
    return int64_t(std::ceil(depth * double(repeats)));
}

SampleGraph efficientNetEdgeTpu(const std::string& name, double depth, int64_t resolution)
{
    SampleGraph g(name);
    std::string x = convBn(g, g.input("image", { 1, 3, resolution, resolution }), 32, 3, 2);
    for (int64_t i = 0; i < roundRepeats(depth, 1); ++i)
        x = fusedInvertedResidual(g, x, 4, 24, 3, 1, false);
    // Fused stages (kernel 3, expansion 8): output channels, repeats, first stride.
    for (const auto& [out, repeats, stride] :
        std::array<std::array<int64_t, 3>, 2> { { { 32, 2, 2 }, { 48, 4, 2 } } })
        for (int64_t i = 0; i < roundRepeats(depth, repeats); ++i)
            x = fusedInvertedResidual(g, x, 8, out, 3, i == 0 ? stride : 1, true);
    // Depthwise stages (kernel 5, expansion 8).
    for (const auto& [out, repeats, stride] :
        std::array<std::array<int64_t, 3>, 3> { { { 96, 5, 2 }, { 144, 4, 1 }, { 192, 2, 2 } } })
        for (int64_t i = 0; i < roundRepeats(depth, repeats); ++i)
            x = invertedResidual(g, x, g.shape(x)[1] * 8, out, 5, i == 0 ? stride : 1, Act::Relu);
    g.output(classifierHead(g, convBn(g, x, 1280, 1), 1000));
    return g;
}

SampleGraph resNet50()
{
    SampleGraph g("resnet50");
    std::string x = convBn(g, g.input("image", { 1, 3, 224, 224 }), 64, 7, 2);
    x = g.maxPool(x, 3, 2, 1);
    // Bottleneck width, output channels, blocks, first stride of conv2_x .. conv5_x.
    const std::array<std::array<int64_t, 4>, 4> stages { { { 64, 256, 3, 1 }, { 128, 512, 4, 2 },
        { 256, 1024, 6, 2 }, { 512, 2048, 3, 2 } } };
    for (const auto& [mid, out, blocks, stride] : stages)
        for (int64_t i = 0; i < blocks; ++i)
            x = bottleneck(g, x, mid, out, i == 0 ? stride : 1);
    g.output(classifierHead(g, x, 1000));
    return g;
}

std::string inceptionV3Features(SampleGraph& g, const std::string& image)
{
    std::string x = convBn(g, image, 32, 3, 2, Act::Relu, 0); // 149
    x = convBn(g, x, 32, 3, 1, Act::Relu, 0); // 147
    x = g.maxPool(convBn(g, x, 64, 3), 3, 2); // 73
    x = convBn(g, convBn(g, x, 80, 1), 192, 3, 1, Act::Relu, 0); // 71
    x = g.maxPool(x, 3, 2); // 35
    x = inceptionA(g, inceptionA(g, inceptionA(g, x, 32), 64), 64);
    x = inceptionB(g, x); // 17
    for (int64_t c7 : { 128, 160, 160, 192 })
        x = inceptionC(g, x, c7);
    x = inceptionD(g, x); // 8
    return inceptionE(g, inceptionE(g, x));
}

SampleGraph inceptionV3()
{
    SampleGraph g("inception_v3");
    std::string x = inceptionV3Features(g, g.input("image", { 1, 3, 299, 299 }));
    g.output(classifierHead(g, x, 1000));
    return g;
}

// TF's object detection API: four extra maps (depths 512, 256, 256, 128), each a 1x1 conv to
// half the depth then a 3x3 stride-2 conv (depthwise-separable in SSDLite), then every map's
// box and class predictors (3 anchors on the first, 6 on the rest: 1917 at 300x300; 91 COCO
// classes with background), concatenated, the scores through a sigmoid.
void ssdDetector(SampleGraph& g, std::vector<std::string> features, bool lite)
{
    std::string x = features.back();
    for (int64_t depth : { 512, 256, 256, 128 }) {
        x = convBn(g, x, depth / 2, 1, 1, Act::Relu6);
        x = lite ? convBn(g, depthwiseBn(g, x, 3, 2, Act::Relu6), depth, 1, 1, Act::Relu6)
                 : convBn(g, x, depth, 3, 2, Act::Relu6);
        features.push_back(x);
    }
    const int64_t classes = 91;
    std::vector<std::string> boxes, scores;
    for (size_t i = 0; i < features.size(); ++i) {
        const int64_t anchors = i == 0 ? 3 : 6;
        boxes.push_back(ssdHead(g, features[i], anchors, 4, lite));
        scores.push_back(ssdHead(g, features[i], anchors, classes, lite));
    }
    g.output(g.concat(boxes, 1));
    g.output(g.sigmoid(g.concat(scores, 1)));
}

SampleGraph ssdOnMobileNetV2(const std::string& name, bool lite)
{
    SampleGraph g(name);
    std::string stride16;
    const std::string x = mobileNetV2Features(g, g.input("image", { 1, 3, 300, 300 }), &stride16);
    ssdDetector(g, { stride16, x }, lite); // 19x19x576, 10x10x1280
    return g;
}

SampleGraph ssdLiteMobileNetV2()
{
    return ssdOnMobileNetV2("ssdlite_mobilenet_v2", true);
}

// v1.1: a 3x3 stem of 64 and earlier pools (its pooled sizes are the same either way, so the
// bundled sample keeps floor-mode pools).
SampleGraph squeezeNet11()
{
    return squeezeNet("squeezenet1_1", 64, 3, { 3, 5 }, false);
}

// v1.0: a 7x7 stem of 96 and later pools; 2.3x the MACs of v1.1.
SampleGraph squeezeNet10()
{
    return squeezeNet("squeezenet1_0", 96, 7, { 4, 8 }, true);
}

} // namespace mensa::samples
