// Architectures Coral publishes latencies for that the sample suite does not bundle. Layer
// counts and channel widths follow the cited reference implementations.
#include "samples/ValidationSamples.h"

#include "samples/SampleBuilders.h"
#include "samples/SampleGraph.h"
#include "samples/SampleLayers.h"
#include "samples/SampleSuite.h"
#include "util/Error.h"

#include <onnx/onnx_pb.h>

#include <array>
#include <map>

namespace mensa {
namespace {

using namespace samples;

// VGG (Simonyan and Zisserman, ICLR 2015): 3x3 convolutions with ReLU in five stages of 64,
// 128, 256, 512 and 512 channels, each closed by a 2x2 max pool; three fully connected layers.
SampleGraph vgg(const std::string& name, const std::array<int64_t, 5>& convsPerStage)
{
    SampleGraph g(name);
    std::string x = g.input("image", { 1, 3, 224, 224 });
    const std::array<int64_t, 5> channels { 64, 128, 256, 512, 512 };
    for (size_t stage = 0; stage < channels.size(); ++stage) {
        for (int64_t i = 0; i < convsPerStage[stage]; ++i)
            x = g.relu(g.conv(x, channels[stage], 3));
        x = g.maxPool(x, 2, 2);
    }
    x = g.flatten(x);
    x = g.relu(g.gemm(g.relu(g.gemm(x, 4096)), 4096));
    g.output(g.softmax(g.gemm(x, 1000)));
    return g;
}

SampleGraph vgg16() // configuration D: 13 convolutions
{
    return vgg("vgg16", { 2, 2, 3, 3, 3 });
}

SampleGraph vgg19() // configuration E: 16 convolutions
{
    return vgg("vgg19", { 2, 2, 4, 4, 4 });
}

// DenseNet-121 (Huang et al., CVPR 2017) as Keras and torchvision build it: growth 32,
// bottleneck 4 x 32, blocks of 6, 12, 24 and 16 layers, transitions halving the channels.
// Pre-activation: every layer and transition starts with BN-ReLU on the concatenated features.
// That BN cannot fold into a conv (a ReLU follows it, and a concatenation precedes it), so an
// int8 graph keeps it as a per-channel scale and shift over the whole input; the BN after the
// 1x1 conv folds into it.
std::string preactivate(SampleGraph& g, const std::string& x)
{
    return g.relu(g.batchNorm(x));
}

SampleGraph denseNet121()
{
    SampleGraph g("densenet121");
    std::string x = convBn(g, g.input("image", { 1, 3, 224, 224 }), 64, 7, 2);
    x = g.maxPool(x, 3, 2, 1); // 56x56
    const std::array<int64_t, 4> blocks { 6, 12, 24, 16 };
    for (size_t b = 0; b < blocks.size(); ++b) {
        for (int64_t i = 0; i < blocks[b]; ++i) {
            std::string y = convBn(g, preactivate(g, x), 128, 1);
            x = g.concat({ x, g.conv(y, 32, 3, 1, 1, -1, 1, false) }, 1);
        }
        if (b + 1 < blocks.size()) {
            const int64_t half = g.shape(x)[1] / 2;
            x = g.avgPool(g.conv(preactivate(g, x), half, 1, 1, 1, 0, 1, false), 2, 2);
        }
    }
    g.output(classifierHead(g, preactivate(g, x), 1000));
    return g;
}

// One Inception module: 1x1; 1x1 -> 3x3; 1x1 -> 3x3; 3x3 max pool -> 1x1.
std::string inceptionModule(SampleGraph& g, const std::string& x, std::array<int64_t, 6> c)
{
    std::string a = convBn(g, x, c[0], 1);
    std::string b = convBn(g, convBn(g, x, c[1], 1), c[2], 3);
    std::string d = convBn(g, convBn(g, x, c[3], 1), c[4], 3);
    std::string p = convBn(g, g.maxPool(x, 3, 1, 1), c[5], 1);
    return g.concat({ a, b, d, p }, 1);
}

// Inception v1 as TF-slim builds it (the model Coral compiles): GoogLeNet (Szegedy et al.,
// CVPR 2015) with batch norm and 3x3 kernels in the "5x5" branch, no auxiliary heads.
SampleGraph inceptionV1()
{
    SampleGraph g("inception_v1");
    std::string x = convBn(g, g.input("image", { 1, 3, 224, 224 }), 64, 7, 2);
    x = g.maxPool(x, 3, 2, 1); // 56
    x = g.maxPool(convBn(g, convBn(g, x, 64, 1), 192, 3), 3, 2, 1); // 28
    x = inceptionModule(g, x, { 64, 96, 128, 16, 32, 32 });
    x = inceptionModule(g, x, { 128, 128, 192, 32, 96, 64 });
    x = g.maxPool(x, 3, 2, 1); // 14
    for (const auto& c : std::array<std::array<int64_t, 6>, 5> { { { 192, 96, 208, 16, 48, 64 },
             { 160, 112, 224, 24, 64, 64 }, { 128, 128, 256, 24, 64, 64 },
             { 112, 144, 288, 32, 64, 64 }, { 256, 160, 320, 32, 128, 128 } } })
        x = inceptionModule(g, x, c);
    x = g.maxPool(x, 2, 2); // 7
    x = inceptionModule(g, x, { 256, 160, 320, 32, 128, 128 });
    x = inceptionModule(g, x, { 384, 192, 384, 48, 128, 128 });
    g.output(classifierHead(g, x, 1000));
    return g;
}

// AlexNet as Eyeriss (v1 and v2) benchmarks it (Krizhevsky et al., NIPS 2012): 227x227 input,
// the original two-tower grouping in conv2, conv4 and conv5, three fully connected layers;
// 724.4 M MACs. LRN is left out (no MACs, and Eyeriss runs it off the array).
SampleGraph alexNet()
{
    SampleGraph g("alexnet");
    std::string x = g.input("image", { 1, 3, 227, 227 });
    x = g.maxPool(g.relu(g.conv(x, 96, 11, 4, 1, 0)), 3, 2); // 55 -> 27
    x = g.maxPool(g.relu(g.conv(x, 256, 5, 1, 2, 2)), 3, 2); // 27 -> 13
    x = g.relu(g.conv(x, 384, 3, 1, 1, 1));
    x = g.relu(g.conv(x, 384, 3, 1, 2, 1));
    x = g.maxPool(g.relu(g.conv(x, 256, 3, 1, 2, 1)), 3, 2); // 13 -> 6
    x = g.relu(g.gemm(g.relu(g.gemm(g.flatten(x), 4096)), 4096));
    g.output(g.softmax(g.gemm(x, 1000)));
    return g;
}

// MobileNet v1 at width 0.5 and 128x128, the model Eyeriss v2 reports (49.2 M MACs).
SampleGraph mobileNetV1Half128()
{
    return mobileNetV1Scaled("mobilenet_v1_050_128", 0.5, 128);
}

} // namespace

const std::vector<ValidationSample>& validationSamples()
{
    static const std::vector<ValidationSample> samples {
        { "vgg16", "VGG16 (configuration D) at 224x224", 15.47e9, 138.36e6 },
        { "densenet121", "DenseNet-121 (pre-activation BN-ReLU) at 224x224, growth 32", 2.87e9,
            7.98e6 },
        { "inception_v1", "Inception v1 (TF-slim GoogLeNet with BN) at 224x224", 1.5e9, 6.6e6 },
        { "alexnet", "AlexNet (two-tower grouping, no LRN) at 227x227", 724.4e6, 61.0e6 },
        { "mobilenet_v1_050_128", "MobileNet v1, width 0.5, at 128x128", 49.2e6, 1.34e6 },
        // torchvision's model table: 19.63 GMACs, 143.67 M parameters.
        { "vgg19", "VGG19 (configuration E) at 224x224", 19.63e9, 143.67e6 },
        // Keras Applications' table: 25.6 M and 60.4 M parameters. No MAC count is published
        // for slim's layout (stride in a block's last unit); a test derives it by hand.
        { "resnet50_v2", "ResNet-50 v2 (TF-slim, pre-activation) at 224x224", 0, 25.6e6 },
        { "resnet152_v2", "ResNet-152 v2 (TF-slim, pre-activation) at 224x224", 0, 60.4e6 },
        // timm's model cards: 12.28 / 13.18 GMACs, 42.68 / 55.84 M parameters at 299.
        { "inception_v4", "Inception v4 (TF-slim) at 299x299", 12.28e9, 42.68e6 },
        { "inception_resnet_v2", "Inception-ResNet v2 (TF-slim) at 299x299", 13.18e9, 55.84e6 },
        // Hailo's model zoo: 6.87 M parameters. Its 7.32 G operations are not compared: for S
        // it lists 4.72 G where the bundled S (whose parameters match to 0.1%) has 2 x 1.91 G.
        { "efficientnet_edgetpu_m", "EfficientNet-EdgeTPU-M (depth 1.1) at 240x240", 0, 6.87e6 },
        // TensorFlow's image segmentation tutorial: model.summary() gives 6,504,227 parameters
        // (batch-norm statistics included).
        { "unet_mv2", "U-Net on MobileNetV2 (TensorFlow's segmentation tutorial) at 128x128", 0,
            6.504e6 },
        // torchvision's model table: 0.82 GMACs ("GFLOPS"), 1,248,424 parameters.
        { "squeezenet1_0", "SqueezeNet v1.0 (7x7 stem, ceil-mode pools) at 224x224", 0.82e9,
            1.248424e6 },
        // DeepLab's model zoo (March 2018): 2.75 B multiply-adds; no parameter count.
        { "deeplabv3_mnv2", "DeepLab v3 on MobileNet v2 (depth 1.0, output stride 16) at 513x513",
            2.75e9, 0 },
        // The MobileNets paper (Howard et al. 2017), Table 13: 1.2 B mult-adds, 6.8 M parameters.
        { "ssd_mobilenet_v1",
            "SSD MobileNet v1 (TF object detection API, 1x1 predictors) at 300x300", 1.2e9, 6.8e6 },
        // No published counts; a test derives the MACs by hand.
        { "ssd_mobilenet_v2",
            "SSD MobileNet v2 (TF object detection API, 1x1 predictors) at 300x300", 0, 0 },
    };
    return samples;
}

std::string serializeValidationSample(const std::string& name)
{
    static const std::map<std::string, SampleGraph (*)()> builders { { "vgg16", vgg16 },
        { "densenet121", denseNet121 }, { "inception_v1", inceptionV1 }, { "alexnet", alexNet },
        { "mobilenet_v1_050_128", mobileNetV1Half128 }, { "vgg19", vgg19 },
        { "resnet50_v2", resNet50V2 }, { "resnet152_v2", resNet152V2 },
        { "inception_v4", inceptionV4 }, { "inception_resnet_v2", inceptionResNetV2 },
        { "efficientnet_edgetpu_m", efficientNetEdgeTpuM }, { "unet_mv2", unetMobileNetV2 },
        { "squeezenet1_0", squeezeNet10 }, { "ssd_mobilenet_v1", ssdMobileNetV1 },
        { "deeplabv3_mnv2", deepLabV3MobileNetV2 }, { "ssd_mobilenet_v2", ssdMobileNetV2 } };
    const auto found = builders.find(name);
    SampleGraph (*builder)() = found == builders.end() ? nullptr : found->second;
    if (!builder)
        throw MensaError(name, "no such validation architecture");
    return serializeDeterministic(builder().buildPatched(WeightStorage::ExternalMissing));
}

} // namespace mensa
