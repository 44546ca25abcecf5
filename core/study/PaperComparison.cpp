#include "study/PaperComparison.h"

#include "samples/SampleSuite.h"
#include "util/TextFormat.h"

#include <cmath>

namespace mensa {
namespace {

bool isConvolution(LayerKind kind)
{
    return kind == LayerKind::Conv || kind == LayerKind::DepthwiseConv
        || kind == LayerKind::ConvTranspose;
}

std::string times(double ratio)
{
    return formatNumber(ratio, "%.2f") + "x";
}

// What the kind of a model means for its gain over the baseline (the paper's finding).
std::string kindReason(const std::string& kind)
{
    if (kind == "CNN")
        return "most of a CNN's layers are compute-centric and already run well on the "
               "baseline's large array; the paper's average is raised by the LSTM and "
               "Transducer models, whose data-centric layers gain most";
    if (kind == "RCNN")
        return "an RCNN's convolutions gain little; only its recurrent part moves to the "
               "data-centric accelerators";
    return "its data-centric (recurrent) layers are fewer or smaller than in the paper's "
           "models of this kind";
}

} // namespace

std::string modelKind(const Model& model)
{
    if (const SampleModel* sample = findSample(model.name))
        return std::string(toString(sample->kind));
    bool recurrent = false, convolution = false;
    for (const Layer& l : model.layers) {
        recurrent = recurrent || isRecurrent(l.kind);
        convolution = convolution || isConvolution(l.kind);
    }
    return recurrent ? (convolution ? "RCNN" : "LSTM") : "CNN";
}

std::string PaperComparisonNote::text() const
{
    std::string out;
    for (const std::string& line : lines)
        out += line + "\n";
    return out;
}

PaperComparisonNote comparePaperAverage(const std::vector<ModelGain>& gains, double paperValue,
    const std::string& metric, const std::string& design, const std::string& baseline)
{
    PaperComparisonNote note;
    note.lines.push_back("The hatched bar (" + times(paperValue) + " " + metric + " of " + design
        + " over " + baseline
        + ") is the paper's average over Google's 24 edge models of four kinds (CNNs, LSTMs, "
          "Transducers, RCNNs), not a prediction for one model.");
    std::string perKind;
    for (SampleKind k :
        { SampleKind::Cnn, SampleKind::Lstm, SampleKind::Transducer, SampleKind::Rcnn }) {
        const std::string kind(toString(k));
        double logSum = 0;
        int count = 0;
        for (const ModelGain& g : gains)
            if (g.kind == kind && g.gain > 0)
                logSum += std::log(g.gain), ++count;
        if (count == 0)
            continue;
        note.kinds.push_back({ kind, std::exp(logSum / count), count });
        perKind += (perKind.empty() ? "" : ", ") + kind + " " + times(note.kinds.back().geomean)
            + " (" + std::to_string(count) + (count == 1 ? " model)" : " models)");
    }
    if (!perKind.empty())
        note.lines.push_back("Measured geomean per kind here: " + perKind + ".");
    for (const ModelGain& g : gains) {
        if (g.gain <= 0 || g.gain >= paperValue)
            continue;
        note.belowPaper.push_back(g.model);
        note.lines.push_back(g.model + " (" + g.kind + ") gains " + times(g.gain) + ", below "
            + times(paperValue) + ": " + kindReason(g.kind) + ".");
    }
    return note;
}

} // namespace mensa
