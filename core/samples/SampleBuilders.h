#pragma once

// Internal to core/samples: one function per architecture of the sample suite.
#include "samples/SampleGraph.h"
#include "samples/SampleLayers.h"

#include <string>
#include <vector>

namespace mensa::samples {

// CNNs (CnnSamples.cpp)
SampleGraph mobileNetV1();
SampleGraph mobileNetV2();
// MobileNet v1 and v2 at a width multiplier and a square input resolution (the published
// ImageNet variants of core/samples/ModelVariants); width 1, resolution 224 is the sample.
SampleGraph mobileNetV1Scaled(const std::string& name, double width, int64_t resolution);
SampleGraph mobileNetV2Scaled(const std::string& name, double width, int64_t resolution);
SampleGraph mobileNetV3Large();
SampleGraph mobileNetV3Small();
SampleGraph efficientNetEdgeTpuS();
// EfficientNet-EdgeTPU's blocks with EfficientNet's depth scaling (repeats rounded up) at a
// square input; width stays 1 (S: depth 1.0 at 224, M: 1.1 at 240).
SampleGraph efficientNetEdgeTpu(const std::string& name, double depth, int64_t resolution);
SampleGraph resNet50();
SampleGraph inceptionV3();
SampleGraph ssdLiteMobileNetV2();
SampleGraph squeezeNet11();
SampleGraph squeezeNet10(); // validation only (Coral's table)

// Backbones shared with the detector and the captioner. mobileNetV2Features returns the
// 1280-channel map; `stride16Expansion` (if not null) receives the 576-channel expansion
// output SSDLite taps. inceptionV3Features returns Mixed_7c (2048 channels).
// mobileNetV2Blocks returns the last inverted residual's output (320 channels, before the
// 1280 conv) and, if `expansions` is not null, appends each block's expansion output ("" for
// the first block, which has none).
// `outputStride` (DeepLab's atrous backbone): stages that would stride past it keep stride 1
// (DeepLab dilates their depthwise kernels instead: same shapes and MACs, not modelled).
std::string mobileNetV2Blocks(SampleGraph& g, const std::string& image,
    std::vector<std::string>* expansions = nullptr, double width = 1.0, int64_t outputStride = 32);
std::string mobileNetV2Features(SampleGraph& g, const std::string& image,
    std::string* stride16Expansion = nullptr, double width = 1.0);
std::string inceptionV3Features(SampleGraph& g, const std::string& image);
// MobileNet v1's 13 depthwise-separable blocks; `pointwise` (if not null) receives each
// block's output (index 10 is slim's Conv2d_11_pointwise, the stride-16 map SSD taps).
std::string mobileNetV1Features(SampleGraph& g, const std::string& image, double width = 1.0,
    std::vector<std::string>* pointwise = nullptr, Act act = Act::Relu);

// SSD's extra layers, predictors and outputs on a backbone's stride-16 and stride-32 maps
// (`features`); `lite`: SSDLite's depthwise-separable extra layers and predictors.
void ssdDetector(SampleGraph& g, std::vector<std::string> features, bool lite);
// SSD (or SSDLite) on MobileNet v2 at 300x300: the expansion of block 13 and the 1280 conv.
SampleGraph ssdOnMobileNetV2(const std::string& name, bool lite);

// Validation-only models of Coral's table (CoralArchitectures.cpp)
SampleGraph resNet50V2();
SampleGraph resNet152V2();
SampleGraph inceptionV4();
SampleGraph inceptionResNetV2();
SampleGraph efficientNetEdgeTpuM();
SampleGraph unetMobileNetV2();
SampleGraph deepLabV3MobileNetV2();
SampleGraph ssdMobileNetV1();
SampleGraph ssdMobileNetV2();

// LSTMs (LstmSamples.cpp)
SampleGraph lstmLanguageModel();
SampleGraph lstmAcousticModel();
SampleGraph lstmKeywordSpotter();
SampleGraph blstmCtcSpeech();

// Transducers (TransducerSamples.cpp)
SampleGraph rnntStreaming();
SampleGraph rnntPhoneme();

// RCNNs (RcnnSamples.cpp)
SampleGraph crnnText();
SampleGraph showAndTell();
SampleGraph cldnnSpeech();

} // namespace mensa::samples
