#pragma once

#include "model/GraphBuilder.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace onnx {
class ModelProto;
}

namespace mensa {

// The four model kinds of the Mensa study (Boroumand et al., PACT 2021).
enum class SampleKind { Cnn, Lstm, Transducer, Rcnn };
std::string_view toString(SampleKind kind);

struct Publication {
    std::string authors; // "Howard, Zhu, Chen, ..." or "Howard et al."
    std::string title;
    std::string venue; // "CVPR", "arXiv preprint", ...
    int year = 0;
    std::string arxiv; // arXiv id, empty when the work has none

    // "Howard et al., CVPR 2018, arXiv:1801.04381"
    std::string citation() const;
};

// Published whole-model figures a sample is checked against (0 when none is published).
struct PublishedFigures {
    double macs = 0;
    double params = 0;
};

// One public architecture of the sample suite, built in code with GraphBuilder.
struct SampleModel {
    std::string name; // file stem: sample_models/<name>.onnx
    SampleKind kind = SampleKind::Cnn;
    std::string description; // architecture, input shape and modelling choices, one paragraph
    Publication publication;
    PublishedFigures published;
    std::function<onnx::ModelProto(WeightStorage)> build;
};

// Every sample, in the order the README lists them.
const std::vector<SampleModel>& sampleSuite();
// The sample named `name`, or nullptr.
const SampleModel* findSample(std::string_view name);
// A model's bytes with deterministic serialization (map order fixed): the same model, the same
// file, whichever builder made it.
std::string serializeDeterministic(const onnx::ModelProto& model);
// Deterministic ONNX bytes of a sample (the content of sample_models/<name>.onnx).
std::string serializeSample(
    const SampleModel& sample, WeightStorage storage = WeightStorage::ExternalMissing);

} // namespace mensa
