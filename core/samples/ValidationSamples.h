#pragma once

#include <string>
#include <vector>

namespace mensa {

// Published architectures built only to be compared with published hardware figures (`mensa
// validate`), not part of the bundled sample suite: VGG16, DenseNet-121 and Inception v1 as
// Coral benchmarks them (224x224, int8), AlexNet and MobileNet v1 (0.5, 128x128) as Eyeriss v2
// reports them, and the deeper classifiers of Coral's table (VGG19, ResNet-50/152 v2, Inception
// v4, Inception-ResNet v2, EfficientNet-EdgeTPU-M).
struct ValidationSample {
    std::string name; // "vgg16", "densenet121", "inception_v1", "alexnet", ...
    std::string description; // architecture and modelling choices, one line
    // From the architecture's paper, reference implementation or model zoo; MACs are 0 when
    // none is published for the layout built (a test derives them instead).
    double publishedMacs = 0;
    double publishedParams = 0;
};

// The validation-only architectures, in a fixed order.
const std::vector<ValidationSample>& validationSamples();
// Deterministic ONNX bytes of a validation architecture (weights declared, not stored);
// MensaError for an unknown name.
std::string serializeValidationSample(const std::string& name);

} // namespace mensa
