#include "study/PaperComparison.h"

#include "samples/SampleSuite.h"
#include "util/TextFormat.h"

#include <algorithm>
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
    return "the paper's figure averages all 24 models; compare with the geomean of this kind and "
           "use Explain this layer on the recurrent layers to see what limits them";
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

std::string PaperComparisonNote::intro()
{
    return "The hatched bars are the paper's averages over Google's 24 edge models of four kinds "
           "(CNNs, LSTMs, Transducers, RCNNs), not a prediction for one model.";
}

std::string PaperComparisonNote::text() const
{
    std::string out = intro() + "\n" + summary + "\n";
    for (const std::string& reason : reasons)
        out += reason + "\n";
    return out;
}

PaperComparisonNote comparePaperAverage(const std::vector<ModelGain>& gains, double paperValue,
    const std::string& metric, const std::string& design, const std::string& baseline)
{
    PaperComparisonNote note;
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
    std::string below;
    std::vector<std::string> belowKinds;
    for (const ModelGain& g : gains) {
        if (g.gain <= 0 || g.gain >= paperValue)
            continue;
        note.belowPaper.push_back(g.model);
        below += (below.empty() ? "" : ", ") + g.model + " (" + g.kind + ") " + times(g.gain);
        if (std::find(belowKinds.begin(), belowKinds.end(), g.kind) == belowKinds.end())
            belowKinds.push_back(g.kind);
    }
    note.summary = design + " " + metric + " over " + baseline + ": paper " + times(paperValue)
        + (perKind.empty() ? "" : "; measured geomean per kind: " + perKind)
        + (below.empty() ? "" : "; below the paper: " + below) + ".";
    for (const std::string& kind : belowKinds)
        note.reasons.push_back(kind + ": " + kindReason(kind) + ".");
    return note;
}

} // namespace mensa
