#pragma once

#include "model/Model.h"

#include <string>
#include <vector>

namespace mensa {

// The study kind of a model ("CNN", "LSTM", "Transducer", "RCNN"): the sample suite's kind
// for a sample, else from its layers (recurrent and convolutional: RCNN; recurrent: LSTM;
// otherwise CNN).
std::string modelKind(const Model& model);

// One open model's measured gain of a design over a baseline (throughput or energy
// efficiency ratio).
struct ModelGain {
    std::string model;
    std::string kind;
    double gain = 0;
};

// Why the open models sit where they do against the paper's average: the average is over
// Google's 24 edge models of four kinds, so the note gives the measured geomean per kind
// beside it and says, for each model below it, what its kind means for the gain.
struct PaperComparisonNote {
    struct KindGeomean {
        std::string kind;
        double geomean = 0;
        int models = 0;
    };
    std::vector<KindGeomean> kinds; // in study order (CNN, LSTM, Transducer, RCNN)
    std::vector<std::string> belowPaper; // models below the paper's value
    std::vector<std::string> lines;

    std::string text() const; // the lines, one per line
};

// `metric` names the ratio ("throughput"), `paperValue` is the published average of
// `design` over `baseline`. Gains that are not positive are left out.
PaperComparisonNote comparePaperAverage(const std::vector<ModelGain>& gains, double paperValue,
    const std::string& metric, const std::string& design, const std::string& baseline);

} // namespace mensa
