#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mensa {

// A published ImageNet variant of a scalable architecture: a width multiplier and a square
// input resolution, with the top-1 accuracy, MACs and parameters its authors report. The model
// axis of a co-design search (core/dse) draws from these.
struct ModelVariant {
    std::string family; // "mobilenet_v1" or "mobilenet_v2"
    double width = 1.0;
    int resolution = 224;
    double top1 = 0; // ImageNet top-1 accuracy [%], float checkpoint, single crop
    double publishedMacs = 0;
    double publishedParams = 0;

    // "mobilenet_v2_0.35_96": the checkpoint name of the published table.
    std::string name() const;
};

// Every published variant, MobileNet v1 first, in the order of the published tables.
const std::vector<ModelVariant>& publishedVariants();
// The variant of that family, width and resolution, or nullptr.
const ModelVariant* findVariant(std::string_view family, double width, int resolution);
// Where the accuracy figures of `family` come from (a URL and what it is).
std::string variantSource(std::string_view family);
// Deterministic ONNX bytes of the variant (weights as graph inputs, none stored).
std::string serializeVariant(const ModelVariant& variant);

} // namespace mensa
