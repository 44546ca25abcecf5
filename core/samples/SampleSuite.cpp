#include "samples/SampleSuite.h"

#include "samples/SampleBuilders.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <onnx/onnx_pb.h>

namespace mensa {
namespace {

using Builder = SampleGraph (*)();

SampleModel sample(std::string name, SampleKind kind, std::string description,
    Publication publication, PublishedFigures published, Builder builder)
{
    return { std::move(name), kind, std::move(description), std::move(publication), published,
        [builder](WeightStorage storage) { return builder().buildPatched(storage); } };
}

const char* kHeightPoolNote
    = " Height-only pooling appears as Transpose, Reshape and Concat layers around a square "
      "max pool (same result and shapes; the graph builder's pools are square).";

const char* kLstmpNote
    = " LSTMP layers are stored as an LSTM whose cell count gives the published layer's "
      "weights and MACs per step, followed by the projection MatMul (ONNX's LSTM has no "
      "recurrent projection).";

std::vector<SampleModel> cnnSamples()
{
    using namespace samples;
    const Publication mobileNetV2Paper { "Sandler, Howard, Zhu, Zhmoginov, Chen",
        "MobileNetV2: Inverted Residuals and Linear Bottlenecks", "CVPR", 2018, "1801.04381" };
    const Publication mobileNetV3Paper { "Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, "
                                         "Pang, Vasudevan, Le, Adam",
        "Searching for MobileNetV3", "ICCV", 2019, "1905.02244" };
    return {
        sample("mobilenet_v1", SampleKind::Cnn,
            "MobileNet 1.0 at 224x224: a 3x3 stem and 13 depthwise-separable blocks "
            "(3x3 depthwise + 1x1 pointwise, BN, ReLU), global pooling, 1000-way FC.",
            { "Howard, Zhu, Chen, Kalenichenko, Wang, Weyand, Andreetto, Adam",
                "MobileNets: Efficient Convolutional Neural Networks for Mobile Vision "
                "Applications",
                "arXiv preprint", 2017, "1704.04861" },
            { 569e6, 4.2e6 }, mobileNetV1),
        sample("mobilenet_v2", SampleKind::Cnn,
            "MobileNetV2 1.0 at 224x224: 17 inverted residual blocks (1x1 expansion x6, "
            "3x3 depthwise, linear 1x1 projection, ReLU6), 1x1 conv to 1280, 1000-way FC.",
            mobileNetV2Paper, { 300e6, 3.4e6 }, mobileNetV2),
        sample("mobilenet_v3_large", SampleKind::Cnn,
            "MobileNetV3-Large 1.0 at 224x224: 15 bneck blocks with 3x3/5x5 depthwise "
            "convs, squeeze-and-excitation (hard-sigmoid gate) and hard-swish, 960 -> 1280 "
            "-> 1000 head.",
            mobileNetV3Paper, { 219e6, 5.4e6 }, mobileNetV3Large),
        sample("mobilenet_v3_small", SampleKind::Cnn,
            "MobileNetV3-Small 1.0 at 224x224: 11 bneck blocks with squeeze-and-excitation "
            "and hard-swish, 576 -> 1024 -> 1000 head.",
            mobileNetV3Paper, { 56e6, 2.5e6 }, mobileNetV3Small),
        sample("efficientnet_edgetpu_s", SampleKind::Cnn,
            "EfficientNet-EdgeTPU-S at 224x224: searched for the Edge TPU, so fused "
            "inverted residuals (a 3x3 expansion conv instead of 1x1 + depthwise) in the "
            "early stages, 5x5 depthwise MBConv (expansion 8) later, ReLU, no SE; block "
            "table of the reference implementation.",
            { "Gupta, Akin", "Accelerator-aware Neural Network Design using AutoML",
                "On-Device Intelligence Workshop, MLSys", 2020, "2003.02838" },
            {}, efficientNetEdgeTpuS),
        sample("resnet50", SampleKind::Cnn,
            "ResNet-50 at 224x224: 7x7 stem, 16 bottleneck blocks (1x1, 3x3, 1x1 with "
            "projection shortcuts) in four stages, 1000-way FC; stride on the 3x3 conv "
            "(the common v1.5 variant, 4.1 GMACs; the paper's v1 has 3.8).",
            { "He, Zhang, Ren, Sun", "Deep Residual Learning for Image Recognition", "CVPR", 2016,
                "1512.03385" },
            { 4.1e9, 25.6e6 }, resNet50),
        sample("inception_v3", SampleKind::Cnn,
            "Inception-v3 at 299x299: stem, 3 Inception-A, grid reduction, 4 Inception-C "
            "with factorised 1x7/7x1 convs, grid reduction, 2 Inception-E with 1x3/3x1 "
            "branches, 1000-way FC (auxiliary classifier omitted: training only).",
            { "Szegedy, Vanhoucke, Ioffe, Shlens, Wojna",
                "Rethinking the Inception Architecture for Computer Vision", "CVPR", 2016,
                "1512.00567" },
            { 5.7e9, 23.8e6 }, inceptionV3),
        sample("ssdlite_mobilenet_v2", SampleKind::Cnn,
            "SSDLite object detector on a MobileNetV2 backbone at 300x300: features from "
            "the 19x19 expansion (576) and the 10x10 1280 map plus four extra stride-2 "
            "depthwise-separable layers (512, 256, 256, 128), depthwise box and class "
            "predictors, 1917 anchors, 91 COCO classes.",
            mobileNetV2Paper, { 0.8e9, 4.3e6 }, ssdLiteMobileNetV2),
        sample("squeezenet1_1", SampleKind::Cnn,
            "SqueezeNet v1.1 at 224x224: 3x3 stem, 8 fire modules (1x1 squeeze, 1x1 and "
            "3x3 expand), 1x1 conv classifier with global pooling.",
            { "Iandola, Han, Moskewicz, Ashraf, Dally, Keutzer",
                "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB "
                "model size",
                "arXiv preprint", 2016, "1602.07360" },
            {}, squeezeNet11),
    };
}

std::vector<SampleModel> recurrentSamples()
{
    using namespace samples;
    const Publication graves2013 { "Graves, Mohamed, Hinton",
        "Speech Recognition with Deep Recurrent Neural Networks", "ICASSP", 2013, "1303.5778" };
    return {
        sample("lstm_language_model", SampleKind::Lstm,
            "Word-level LSTM language model (the paper's medium configuration): 2 LSTM "
            "layers of 650 cells unrolled over 35 steps, 10,000-word softmax. The graph "
            "starts at the word embeddings (the lookup is a table read without MACs, so the "
            "6.5M-entry embedding table is not part of it).",
            { "Zaremba, Sutskever, Vinyals", "Recurrent Neural Network Regularization",
                "arXiv preprint", 2014, "1409.2329" },
            {}, lstmLanguageModel),
        sample("lstm_acoustic_model", SampleKind::Lstm,
            "Deep unidirectional LSTM acoustic model: 100 frames (1 s) of 40-d log-mel "
            "features, 5 LSTM layers of 512 cells, softmax over 8000 context-dependent "
            "states every frame. Layer width and state count are edge-scale modelling "
            "choices within the paper's design space.",
            { "Sak, Senior, Beaufays",
                "Long Short-Term Memory Based Recurrent Neural Network Architectures for Large "
                "Vocabulary Speech Recognition",
                "arXiv preprint", 2014, "1402.1128" },
            {}, lstmAcousticModel),
        sample("lstm_keyword_spotting", SampleKind::Lstm,
            std::string(
                "Streaming keyword spotter: 49 frames (1 s at 20 ms) of 40-d mel "
                "features, one LSTMP layer (500 cells, 200 projection), 12 classes scored every "
                "frame.")
                + kLstmpNote,
            { "Rybakov, Kononenko, Subrahmanya, Visontai, Laurenzo",
                "Streaming keyword spotting on mobile devices", "Interspeech", 2020, "2005.06720" },
            {}, lstmKeywordSpotter),
        sample("blstm_ctc_speech", SampleKind::Lstm,
            "CTC phone recogniser CTC-5L-250H: 5 bidirectional LSTM layers of 250 cells over "
            "100 frames of 123-d filter-bank features, 62-way softmax (61 phones + blank).",
            graves2013, {}, blstmCtcSpeech),
        sample("rnnt_streaming", SampleKind::Transducer,
            std::string(
                "On-device streaming RNN-T: encoder of 8 LSTMP layers (2048 cells, "
                "640 projection) over 64 frames (~1.9 s) of 4-stacked 80-d log-mel features at "
                "30 ms with a 2x time-reduction layer after layer 2; prediction network of 2 "
                "LSTMP layers over 8 previous word pieces (128-d embeddings, an assumption); "
                "640-unit joint network over the 32 x 8 lattice with a 4096-word-piece "
                "softmax.")
                + kLstmpNote,
            { "He, Sainath, Prabhavalkar, McGraw, Alvarez, Zhao, Rybach, Kannan, Wu, Pang, "
              "Liang, Bhatia, Shangguan, Li, Pundak, Sim, Bagby, Chang, Rao, Gruenstein",
                "Streaming End-to-end Speech Recognition for Mobile Devices", "ICASSP", 2019,
                "1811.06621" },
            {}, rnntStreaming),
        sample("rnnt_phoneme", SampleKind::Transducer,
            "Small RNN transducer TRANS-3L-250H: transcription network of 3 bidirectional "
            "LSTM layers (250 cells) over 100 frames of 123-d filter-bank features, "
            "prediction network of one 250-cell LSTM over 12 one-hot previous phones, joint "
            "network (250 hidden units, an assumption) over the 100 x 12 lattice, 62-way "
            "softmax.",
            graves2013, {}, rnntPhoneme),
    };
}

std::vector<SampleModel> rcnnSamples()
{
    using namespace samples;
    return {
        sample("crnn_text_recognition", SampleKind::Rcnn,
            "CRNN scene-text recogniser: 7 VGG-style convs (64..512, BN on the 5th and "
            "6th) over a 32x100 grey image with 2x2 then height-only 2x1 poolings, "
            "map-to-sequence (24 steps), 2 bidirectional LSTMs of 256 cells with linear "
            "layers, 37-way per-step softmax for CTC."
                + std::string(kHeightPoolNote),
            { "Shi, Bai, Yao",
                "An End-to-End Trainable Neural Network for Image-based Sequence Recognition "
                "and Its Application to Scene Text Recognition",
                "IEEE TPAMI", 2017, "1507.05717" },
            { 0, 8.3e6 }, crnnText),
        sample("show_and_tell", SampleKind::Rcnn,
            "Show and Tell image captioner (im2txt): Inception-v3 encoder at 299x299, "
            "512-d image embedding fed as the first LSTM input followed by 16 word "
            "embeddings, one 512-cell LSTM, 12,000-word softmax at every step.",
            { "Vinyals, Toshev, Bengio, Erhan",
                "Show and Tell: Lessons learned from the 2015 MSCOCO Image Captioning "
                "Challenge",
                "IEEE TPAMI", 2017, "1609.06647" },
            {}, showAndTell),
        sample("cldnn_speech", SampleKind::Rcnn,
            std::string(
                "CLDNN acoustic model over 100 frames: per frame a 9x9 conv with "
                "256 maps on 40 log-mel bins x 11 frames of context, non-overlapping "
                "frequency-only max pooling of 3, linear reduction to 256, 2 LSTMP layers (832 "
                "cells, 512 projection), 2 ReLU layers of 1024, softmax over 8000 "
                "context-dependent states (state count is a modelling choice).")
                + kHeightPoolNote + kLstmpNote,
            { "Sainath, Vinyals, Senior, Sak",
                "Convolutional, Long Short-Term Memory, Fully Connected Deep Neural Networks",
                "ICASSP", 2015, "" },
            {}, cldnnSpeech),
    };
}

std::vector<SampleModel> allSamples()
{
    std::vector<SampleModel> all = cnnSamples();
    for (auto& s : recurrentSamples())
        all.push_back(std::move(s));
    for (auto& s : rcnnSamples())
        all.push_back(std::move(s));
    return all;
}

} // namespace

std::string_view toString(SampleKind kind)
{
    switch (kind) {
    case SampleKind::Cnn:
        return "CNN";
    case SampleKind::Lstm:
        return "LSTM";
    case SampleKind::Transducer:
        return "Transducer";
    case SampleKind::Rcnn:
        return "RCNN";
    }
    return "CNN";
}

std::string Publication::citation() const
{
    // One author as is, two as "A and B", more as "A et al.".
    auto comma = authors.find(',');
    std::string lead = authors;
    if (comma != std::string::npos && authors.find(',', comma + 1) == std::string::npos)
        lead = authors.substr(0, comma) + " and" + authors.substr(comma + 1);
    else if (comma != std::string::npos)
        lead = authors.substr(0, comma) + " et al.";
    // Preprints are cited by year and arXiv id alone.
    const bool preprint = venue.rfind("arXiv", 0) == 0;
    std::string text = lead + ", " + (preprint ? "" : venue + " ") + std::to_string(year);
    return arxiv.empty() ? text : text + ", arXiv:" + arxiv;
}

const std::vector<SampleModel>& sampleSuite()
{
    static const std::vector<SampleModel> suite = allSamples();
    return suite;
}

const SampleModel* findSample(std::string_view name)
{
    for (const auto& s : sampleSuite())
        if (s.name == name)
            return &s;
    return nullptr;
}

std::string serializeDeterministic(const onnx::ModelProto& model)
{
    std::string bytes;
    {
        google::protobuf::io::StringOutputStream stream(&bytes);
        google::protobuf::io::CodedOutputStream coded(&stream);
        coded.SetSerializationDeterministic(true);
        model.SerializeToCodedStream(&coded);
    }
    return bytes;
}

std::string serializeSample(const SampleModel& sample, WeightStorage storage)
{
    return serializeDeterministic(sample.build(storage));
}

} // namespace mensa
