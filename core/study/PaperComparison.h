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
// beside it and, for the kinds of the models below it, what the kind means for the gain.
struct PaperComparisonNote {
    struct KindGeomean {
        std::string kind;
        double geomean = 0;
        int models = 0;
    };
    std::vector<KindGeomean> kinds; // in study order (CNN, LSTM, Transducer, RCNN)
    std::vector<std::string> belowPaper; // models below the paper's value
    std::string summary; // the paper's value, the per-kind geomeans, the models below it
    std::vector<std::string> reasons; // one per kind of a model below the paper

    // What the hatched bar is (the same for every metric and design).
    static std::string intro();
    // intro(), the summary and the reasons, one per line.
    std::string text() const;
};

// `metric` names the ratio ("throughput"), `paperValue` is the published average of
// `design` over `baseline`. Gains that are not positive are left out.
PaperComparisonNote comparePaperAverage(const std::vector<ModelGain>& gains, double paperValue,
    const std::string& metric, const std::string& design, const std::string& baseline);

} // namespace mensa
