// The deeper models of Coral's benchmark table, the classifiers built as the TF-slim models
// Coral compiled (slim's layer order, "valid" padding where slim uses it, 1001 classes); VGG19
// is beside VGG16 in ValidationSamples.cpp. Only `mensa validate` and calibration use them.
#include "samples/SampleBuilders.h"
#include "samples/SampleLayers.h"

#include <array>
#include <vector>

namespace mensa::samples {
namespace {

constexpr int64_t kValid = 0; // convBn padding: slim's "VALID"
constexpr int64_t kSlimClasses = 1001; // slim's classifiers keep a background class

// Pre-activation bottleneck of TF-slim's resnet_v2: BN-ReLU first, the stride on the 3x3,
// a 1x1 max-pool shortcut when only the size changes, a projection when the width changes.
std::string preactBottleneck(
    SampleGraph& g, const std::string& x, int64_t mid, int64_t out, int64_t stride)
{
    const std::string pre = g.relu(g.batchNorm(x));
    std::string shortcut = x;
    if (g.shape(x)[1] != out)
        shortcut = g.conv(pre, out, 1, stride, 1, 0);
    else if (stride != 1)
        shortcut = g.maxPool(x, 1, stride);
    std::string y = convBn(g, convBn(g, pre, mid, 1), mid, 3, stride);
    return g.add(shortcut, g.conv(y, out, 1, 1, 1, 0));
}

// TF-slim resnet_v2 with `units` bottlenecks per block; each block but the last halves the
// size in its last unit (slim's layout, unlike torchvision's stride in the first unit).
SampleGraph resNetV2(const std::string& name, const std::array<int64_t, 4>& units)
{
    SampleGraph g(name);
    std::string x = g.conv(g.input("image", { 1, 3, 224, 224 }), 64, 7, 2); // no BN: slim v2
    x = g.maxPool(x, 3, 2, 1);
    for (size_t b = 0; b < units.size(); ++b) {
        const int64_t mid = int64_t(64) << b;
        for (int64_t i = 0; i < units[b]; ++i) {
            const bool last = i + 1 == units[b] && b + 1 < units.size();
            x = preactBottleneck(g, x, mid, mid * 4, last ? 2 : 1);
        }
    }
    g.output(classifierHead(g, g.relu(g.batchNorm(x)), kSlimClasses));
    return g;
}

// Inception v4's stem (Szegedy et al., AAAI 2017, Fig. 3): 299 -> 35x35x384.
std::string inceptionV4Stem(SampleGraph& g, const std::string& image)
{
    std::string x = convBn(g, image, 32, 3, 2, Act::Relu, kValid); // 149
    x = convBn(g, convBn(g, x, 32, 3, 1, Act::Relu, kValid), 64, 3); // 147
    x = g.concat({ g.maxPool(x, 3, 2), convBn(g, x, 96, 3, 2, Act::Relu, kValid) }, 1); // 73
    std::string a = convBn(g, convBn(g, x, 64, 1), 96, 3, 1, Act::Relu, kValid);
    std::string b = convRectBn(g, convRectBn(g, convBn(g, x, 64, 1), 64, 1, 7), 64, 7, 1);
    x = g.concat({ a, convBn(g, b, 96, 3, 1, Act::Relu, kValid) }, 1); // 71
    return g.concat({ convBn(g, x, 192, 3, 2, Act::Relu, kValid), g.maxPool(x, 3, 2) }, 1);
}

std::string avgPoolBranch(SampleGraph& g, const std::string& x, int64_t out)
{
    return convBn(g, g.avgPool(x, 3, 1, 1), out, 1);
}

std::string inceptionV4A(SampleGraph& g, const std::string& x)
{
    std::string b1 = convBn(g, convBn(g, x, 64, 1), 96, 3);
    std::string b2 = convBn(g, convBn(g, convBn(g, x, 64, 1), 96, 3), 96, 3);
    return g.concat({ convBn(g, x, 96, 1), b1, b2, avgPoolBranch(g, x, 96) }, 1);
}

std::string inceptionV4ReductionA(SampleGraph& g, const std::string& x)
{
    std::string b1 = convBn(g, convBn(g, x, 192, 1), 224, 3);
    b1 = convBn(g, b1, 256, 3, 2, Act::Relu, kValid);
    return g.concat({ convBn(g, x, 384, 3, 2, Act::Relu, kValid), b1, g.maxPool(x, 3, 2) }, 1);
}

std::string inceptionV4B(SampleGraph& g, const std::string& x)
{
    std::string b1 = convRectBn(g, convBn(g, x, 192, 1), 224, 1, 7);
    b1 = convRectBn(g, b1, 256, 7, 1);
    std::string b2 = convRectBn(g, convBn(g, x, 192, 1), 192, 7, 1);
    b2 = convRectBn(g, convRectBn(g, b2, 224, 1, 7), 224, 7, 1);
    b2 = convRectBn(g, b2, 256, 1, 7);
    return g.concat({ convBn(g, x, 384, 1), b1, b2, avgPoolBranch(g, x, 128) }, 1);
}

std::string inceptionV4ReductionB(SampleGraph& g, const std::string& x)
{
    std::string b0 = convBn(g, convBn(g, x, 192, 1), 192, 3, 2, Act::Relu, kValid);
    std::string b1 = convRectBn(g, convBn(g, x, 256, 1), 256, 1, 7);
    b1 = convBn(g, convRectBn(g, b1, 320, 7, 1), 320, 3, 2, Act::Relu, kValid);
    return g.concat({ b0, b1, g.maxPool(x, 3, 2) }, 1);
}

// A 1x3 and a 3x1 conv side by side on one input (Inception-C's split branches).
std::string splitPair(SampleGraph& g, const std::string& x, int64_t out)
{
    return g.concat({ convRectBn(g, x, out, 1, 3), convRectBn(g, x, out, 3, 1) }, 1);
}

std::string inceptionV4C(SampleGraph& g, const std::string& x)
{
    std::string b1 = splitPair(g, convBn(g, x, 384, 1), 256);
    std::string b2 = convRectBn(g, convBn(g, x, 384, 1), 448, 3, 1);
    b2 = splitPair(g, convRectBn(g, b2, 512, 1, 3), 256);
    return g.concat({ convBn(g, x, 256, 1), b1, b2, avgPoolBranch(g, x, 256) }, 1);
}

// Inception-ResNet v2's stem (slim): 299 -> 35x35x320 (Mixed_5b).
std::string inceptionResNetV2Stem(SampleGraph& g, const std::string& image)
{
    std::string x = convBn(g, image, 32, 3, 2, Act::Relu, kValid); // 149
    x = convBn(g, convBn(g, x, 32, 3, 1, Act::Relu, kValid), 64, 3); // 147
    x = convBn(g, convBn(g, g.maxPool(x, 3, 2), 80, 1), 192, 3, 1, Act::Relu, kValid); // 71
    x = g.maxPool(x, 3, 2); // 35
    std::string b1 = convBn(g, convBn(g, x, 48, 1), 64, 5);
    std::string b2 = convBn(g, convBn(g, convBn(g, x, 64, 1), 96, 3), 96, 3);
    return g.concat({ convBn(g, x, 96, 1), b1, b2, avgPoolBranch(g, x, 64) }, 1);
}

// A residual Inception block: the branches' concatenation projected back to the input's
// width by a linear 1x1 conv and added. Slim scales the projection by a constant before the
// add; an int8 converter folds that into the conv, so it is not a layer here.
std::string residualInception(
    SampleGraph& g, const std::string& x, const std::vector<std::string>& branches, bool relu)
{
    const std::string up = g.conv(g.concat(branches, 1), g.shape(x)[1], 1, 1, 1, 0);
    const std::string sum = g.add(x, up);
    return relu ? g.relu(sum) : sum;
}

std::string block35(SampleGraph& g, const std::string& x)
{
    std::string b1 = convBn(g, convBn(g, x, 32, 1), 32, 3);
    std::string b2 = convBn(g, convBn(g, convBn(g, x, 32, 1), 48, 3), 64, 3);
    return residualInception(g, x, { convBn(g, x, 32, 1), b1, b2 }, true);
}

std::string block17(SampleGraph& g, const std::string& x)
{
    std::string b1 = convRectBn(g, convBn(g, x, 128, 1), 160, 1, 7);
    b1 = convRectBn(g, b1, 192, 7, 1);
    return residualInception(g, x, { convBn(g, x, 192, 1), b1 }, true);
}

std::string block8(SampleGraph& g, const std::string& x, bool relu)
{
    std::string b1 = convRectBn(g, convBn(g, x, 192, 1), 224, 1, 3);
    b1 = convRectBn(g, b1, 256, 3, 1);
    return residualInception(g, x, { convBn(g, x, 192, 1), b1 }, relu);
}

std::string inceptionResNetV2Reductions7a(SampleGraph& g, const std::string& x)
{
    std::string b0 = convBn(g, convBn(g, x, 256, 1), 384, 3, 2, Act::Relu, kValid);
    std::string b1 = convBn(g, convBn(g, x, 256, 1), 288, 3, 2, Act::Relu, kValid);
    std::string b2 = convBn(g, convBn(g, x, 256, 1), 288, 3);
    b2 = convBn(g, b2, 320, 3, 2, Act::Relu, kValid);
    return g.concat({ b0, b1, b2, g.maxPool(x, 3, 2) }, 1);
}

// pix2pix's upsample block as TensorFlow's segmentation tutorial uses it: a 3x3 transposed
// conv of stride 2 ("same", no bias), batch norm, ReLU.
std::string upsample(SampleGraph& g, const std::string& x, int64_t out)
{
    return g.relu(g.batchNorm(g.convTranspose(x, out, 3, 2, true, false)));
}

} // namespace

// U-Net on MobileNetV2 as TensorFlow's image segmentation tutorial builds it (the model Coral
// benchmarks as "Unet Mv2", 128x128): the Keras MobileNetV2 encoder up to block_16_project,
// tapped at the expansion outputs of blocks 1, 3, 6 and 13; four upsample blocks (512, 256,
// 128, 64), each concatenated with its skip; a 3-channel transposed conv back to 128x128.
SampleGraph unetMobileNetV2()
{
    SampleGraph g("unet_mv2");
    std::vector<std::string> expansions;
    std::string x = mobileNetV2Blocks(g, g.input("image", { 1, 3, 128, 128 }), &expansions);
    // block_1, 3, 6 and 13 expansion outputs: 64, 32, 16 and 8 px.
    std::vector<std::string> skips { expansions.at(1), expansions.at(3), expansions.at(6),
        expansions.at(13) };
    for (int64_t out : { 512, 256, 128, 64 }) {
        x = g.concat({ upsample(g, x, out), skips.back() }, 1);
        skips.pop_back();
    }
    g.output(g.convTranspose(x, 3, 3, 2, true));
    return g;
}

SampleGraph resNet50V2()
{
    return resNetV2("resnet50_v2", { 3, 4, 6, 3 });
}

SampleGraph resNet152V2()
{
    return resNetV2("resnet152_v2", { 3, 8, 36, 3 });
}

// Inception v4 (Szegedy et al., AAAI 2017) at 299x299: 4 Inception-A, 7 -B, 3 -C, no
// auxiliary head.
SampleGraph inceptionV4()
{
    SampleGraph g("inception_v4");
    std::string x = inceptionV4Stem(g, g.input("image", { 1, 3, 299, 299 }));
    for (int i = 0; i < 4; ++i)
        x = inceptionV4A(g, x);
    x = inceptionV4ReductionA(g, x); // 17
    for (int i = 0; i < 7; ++i)
        x = inceptionV4B(g, x);
    x = inceptionV4ReductionB(g, x); // 8
    for (int i = 0; i < 3; ++i)
        x = inceptionV4C(g, x);
    g.output(classifierHead(g, x, kSlimClasses));
    return g;
}

// Inception-ResNet v2 (same paper, as TF-slim builds it) at 299x299: 10 block35, 20 block17,
// 10 block8 (the last without ReLU), 1536-channel 1x1 before the classifier.
SampleGraph inceptionResNetV2()
{
    SampleGraph g("inception_resnet_v2");
    std::string x = inceptionResNetV2Stem(g, g.input("image", { 1, 3, 299, 299 }));
    for (int i = 0; i < 10; ++i)
        x = block35(g, x);
    std::string b1
        = convBn(g, convBn(g, convBn(g, x, 256, 1), 256, 3), 384, 3, 2, Act::Relu, kValid);
    x = g.concat({ convBn(g, x, 384, 3, 2, Act::Relu, kValid), b1, g.maxPool(x, 3, 2) }, 1); // 17
    for (int i = 0; i < 20; ++i)
        x = block17(g, x);
    x = inceptionResNetV2Reductions7a(g, x); // 8
    for (int i = 0; i < 10; ++i)
        x = block8(g, x, i + 1 < 10);
    g.output(classifierHead(g, convBn(g, x, 1536, 1), kSlimClasses));
    return g;
}

SampleGraph efficientNetEdgeTpuM()
{
    return efficientNetEdgeTpu("efficientnet_edgetpu_m", 1.1, 240);
}

// DeepLab v3 on MobileNet v2 (depth 1.0) at 513x513, output stride 16, as Coral's compiled
// deeplabv3_mnv2_pascal_quant (google-coral/test_data) has it: the 320-channel backbone, image
// pooling and a 1x1 branch (256 each), a 1x1 projection, 21 PASCAL logits, a bilinear resize
// to 513x513 and the per-pixel argmax. The image-pooling branch's 1x1 conv and the 1x1 branch
// come before its resize, as in that file, where the Edge TPU runs both and the host the rest.
SampleGraph deepLabV3MobileNetV2()
{
    SampleGraph g("deeplabv3_mnv2");
    const std::string image = g.input("image", { 1, 3, 513, 513 });
    const std::string x = mobileNetV2Blocks(g, image, nullptr, 1.0, 16); // 33x33x320
    const auto s = g.shape(x);
    const std::string pooled = convBn(g, g.globalAvgPool(x), 256, 1, 1, Act::Relu);
    const std::string branch = convBn(g, x, 256, 1, 1, Act::Relu);
    const std::string joined = g.concat({ g.resizeBilinear(pooled, s[2], s[3]), branch }, 1);
    const std::string logits = g.conv(convBn(g, joined, 256, 1, 1, Act::Relu), 21, 1);
    g.output(g.argMax(g.resizeBilinear(logits, 513, 513), 1));
    return g;
}

// The SSD detectors Coral compiled (its test data's ssd_mobilenet_v1/v2_coco_quant_postprocess
// models), as TF's object detection API builds them from its quantized 300x300 configs
// (ssd_mobilenet_v1_quantized_300x300_coco14_sync, ssd_mobilenet_v2_quantized_300x300_coco):
// ReLU6 throughout, 1x1 box predictors, plain 3x3 convs in the extra layers. The post-processing
// (box decoding and non-max suppression) is a host operator after these outputs; it is not built.
SampleGraph ssdMobileNetV1()
{
    SampleGraph g("ssd_mobilenet_v1");
    std::vector<std::string> pointwise;
    const std::string image = g.input("image", { 1, 3, 300, 300 });
    const std::string x = mobileNetV1Features(g, image, 1.0, &pointwise, Act::Relu6);
    ssdDetector(g, { pointwise.at(10), x }, false); // 19x19x512, 10x10x1024
    return g;
}

SampleGraph ssdMobileNetV2()
{
    return ssdOnMobileNetV2("ssd_mobilenet_v2", false);
}

} // namespace mensa::samples
