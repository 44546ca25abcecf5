#include "samples/ModelVariants.h"

#include "samples/SampleBuilders.h"
#include "samples/SampleSuite.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <cstdio>

namespace mensa {

std::string ModelVariant::name() const
{
    char text[64];
    std::snprintf(text, sizeof text, "%s_%g_%d", family.c_str(), width, resolution);
    std::string out = text;
    if (width == std::floor(width))
        out.insert(family.size() + 2, ".0"); // "1.0", as the published checkpoints are named
    return out;
}

const std::vector<ModelVariant>& publishedVariants()
{
    // family, width, resolution, top-1 [%], MACs, parameters: the float checkpoints of the
    // TF-slim tables (see variantSource), copied by hand on 2026-12-01.
    static const std::vector<ModelVariant> variants {
        { "mobilenet_v1", 1.0, 224, 70.9, 569e6, 4.24e6 },
        { "mobilenet_v1", 1.0, 192, 70.0, 418e6, 4.24e6 },
        { "mobilenet_v1", 1.0, 160, 68.0, 291e6, 4.24e6 },
        { "mobilenet_v1", 1.0, 128, 65.2, 186e6, 4.24e6 },
        { "mobilenet_v1", 0.75, 224, 68.4, 317e6, 2.59e6 },
        { "mobilenet_v1", 0.75, 192, 67.2, 233e6, 2.59e6 },
        { "mobilenet_v1", 0.75, 160, 65.3, 162e6, 2.59e6 },
        { "mobilenet_v1", 0.75, 128, 62.1, 104e6, 2.59e6 },
        { "mobilenet_v1", 0.5, 224, 63.3, 150e6, 1.34e6 },
        { "mobilenet_v1", 0.5, 192, 61.7, 110e6, 1.34e6 },
        { "mobilenet_v1", 0.5, 160, 59.1, 77e6, 1.34e6 },
        { "mobilenet_v1", 0.5, 128, 56.3, 49e6, 1.34e6 },
        { "mobilenet_v1", 0.25, 224, 49.8, 41e6, 0.47e6 },
        { "mobilenet_v1", 0.25, 192, 47.7, 34e6, 0.47e6 },
        { "mobilenet_v1", 0.25, 160, 45.5, 21e6, 0.47e6 },
        { "mobilenet_v1", 0.25, 128, 41.5, 14e6, 0.47e6 },
        { "mobilenet_v2", 1.4, 224, 75.0, 582e6, 6.06e6 },
        { "mobilenet_v2", 1.3, 224, 74.4, 509e6, 5.34e6 },
        { "mobilenet_v2", 1.0, 224, 71.8, 300e6, 3.47e6 },
        { "mobilenet_v2", 1.0, 192, 70.7, 221e6, 3.47e6 },
        { "mobilenet_v2", 1.0, 160, 68.8, 154e6, 3.47e6 },
        { "mobilenet_v2", 1.0, 128, 65.3, 99e6, 3.47e6 },
        { "mobilenet_v2", 1.0, 96, 60.3, 56e6, 3.47e6 },
        { "mobilenet_v2", 0.75, 224, 69.8, 209e6, 2.61e6 },
        { "mobilenet_v2", 0.75, 192, 68.7, 153e6, 2.61e6 },
        { "mobilenet_v2", 0.75, 160, 66.4, 107e6, 2.61e6 },
        { "mobilenet_v2", 0.75, 128, 63.2, 69e6, 2.61e6 },
        { "mobilenet_v2", 0.75, 96, 58.8, 39e6, 2.61e6 },
        { "mobilenet_v2", 0.5, 224, 65.4, 97e6, 1.95e6 },
        { "mobilenet_v2", 0.5, 192, 63.9, 71e6, 1.95e6 },
        { "mobilenet_v2", 0.5, 160, 61.0, 50e6, 1.95e6 },
        { "mobilenet_v2", 0.5, 128, 57.7, 32e6, 1.95e6 },
        { "mobilenet_v2", 0.5, 96, 51.2, 18e6, 1.95e6 },
        { "mobilenet_v2", 0.35, 224, 60.3, 59e6, 1.66e6 },
        { "mobilenet_v2", 0.35, 192, 58.2, 43e6, 1.66e6 },
        { "mobilenet_v2", 0.35, 160, 55.7, 30e6, 1.66e6 },
        { "mobilenet_v2", 0.35, 128, 50.8, 20e6, 1.66e6 },
        { "mobilenet_v2", 0.35, 96, 45.5, 11e6, 1.66e6 },
    };
    return variants;
}

const ModelVariant* findVariant(std::string_view family, double width, int resolution)
{
    for (const ModelVariant& v : publishedVariants())
        if (v.family == family && std::abs(v.width - width) < 1e-9 && v.resolution == resolution)
            return &v;
    return nullptr;
}

std::string variantSource(std::string_view family)
{
    if (family == "mobilenet_v1")
        return "TF-slim MobileNet v1 pre-trained models, ImageNet top-1 (float): "
               "https://github.com/tensorflow/models/blob/master/research/slim/nets/"
               "mobilenet_v1.md";
    return "TF-slim MobileNet v2 ImageNet checkpoints, top-1: "
           "https://github.com/tensorflow/models/blob/master/research/slim/nets/mobilenet/"
           "README.md";
}

std::string serializeVariant(const ModelVariant& variant)
{
    const auto build = variant.family == "mobilenet_v1" ? samples::mobileNetV1Scaled
                                                        : samples::mobileNetV2Scaled;
    return serializeDeterministic(build(variant.name(), variant.width, variant.resolution)
                                      .buildPatched(WeightStorage::GraphInputs));
}

} // namespace mensa
