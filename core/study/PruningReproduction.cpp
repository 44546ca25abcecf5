#include "study/PruningReproduction.h"

#include "model/GraphBuilder.h"
#include "samples/SampleSuite.h"
#include "util/Error.h"
#include "util/TextFormat.h"

#include <cmath>
#include <sstream>

namespace mensa {
namespace {

struct PaperFigure {
    const char* sample;
    double speedup;
};

// The seed's abstract: 2.9x for ResNet-50 and 2.3x for Inception-V3 on mobile CPUs.
constexpr PaperFigure kPaper[] = { { "resnet50", 2.9 }, { "inception_v3", 2.3 } };

PruneSweep runAt(const onnx::ModelProto& model, const std::string& name, const std::string& design,
    PruneGranularity granularity, double ratio, const MappingPolicy& policy)
{
    PruneSweepOptions options;
    options.designs = { design };
    options.granularities = { granularity };
    options.ratios = { ratio };
    options.policy = policy;
    return runPruneSweep(model, name, options);
}

} // namespace

std::pair<double, double> ratioForSpeedup(const onnx::ModelProto& model, const std::string& name,
    const std::string& design, double target, const MappingPolicy& policy)
{
    double lo = 0, hi = 0.95;
    double best = 0, bestSpeedup = 1;
    for (int step = 0; step < 10; ++step) {
        const double mid = (lo + hi) / 2;
        const double s = runAt(model, name, design, PruneGranularity::Channel, mid, policy)
                             .points.back()
                             .speedup;
        if (std::fabs(s - target) < std::fabs(bestSpeedup - target))
            best = mid, bestSpeedup = s;
        (s < target ? lo : hi) = mid;
    }
    return { best, bestSpeedup };
}

PruningReproduction reproducePruning(const PruningReproductionOptions& options)
{
    PruningReproduction study;
    study.options = options;
    for (const PaperFigure& paper : kPaper) {
        const SampleModel* sample = findSample(paper.sample);
        if (!sample)
            throw MensaError("", std::string("sample model ") + paper.sample + " is missing");
        const onnx::ModelProto proto = sample->build(WeightStorage::ExternalMissing);
        const std::string name = std::string(paper.sample) + ".onnx";
        const auto [ratio, speedup]
            = ratioForSpeedup(proto, name, options.cpuDesign, paper.speedup, options.policy);
        PruneSweepOptions sweep;
        sweep.designs = { options.cpuDesign, options.systolicDesign };
        sweep.ratios = { ratio };
        sweep.policy = options.policy;
        if (options.cpuDesign == options.systolicDesign)
            sweep.designs = { options.systolicDesign };
        for (const auto& p : runPruneSweep(proto, name, sweep).points) {
            if (p.ratio == 0)
                continue;
            study.rows.push_back({ paper.sample, p.design, p.granularity, ratio, paper.speedup,
                p.speedup, p.energySaving, p.macsRemoved });
        }
        (void)speedup;
    }
    return study;
}

std::string pruningReproductionCsv(const PruningReproduction& study)
{
    std::ostringstream out;
    out << "model,design,granularity,ratio,macs_removed,speedup,energy_saving,paper_speedup\n";
    for (const auto& r : study.rows)
        out << r.model << ',' << csvField(r.design) << ',' << granularityName(r.granularity) << ','
            << formatExact(r.ratio) << ',' << formatExact(r.macsRemoved) << ','
            << formatExact(r.speedup) << ',' << formatExact(r.energySaving) << ','
            << formatExact(r.paperSpeedup) << '\n';
    return out.str();
}

std::string pruningReproductionMarkdown(const PruningReproduction& study)
{
    const auto& o = study.options;
    std::ostringstream out;
    out << "## User-specific pruning (seed: 2.9x ResNet-50, 2.3x Inception-V3 on mobile CPUs)\n\n"
        << "Channel ratio searched on `" << o.cpuDesign << "` for the paper's speedup, then the "
        << "same ratio on `" << o.systolicDesign << "` at each granularity.\n";
    if (o.cpuDesign == o.systolicDesign)
        out << "No CPU model is configured: `" << o.cpuDesign << "` stands in for the paper's "
            << "mobile CPU, so the ratio is the one giving the paper's speedup on the systolic "
               "array, not on a CPU.\n";
    out << "\n| model | design | granularity | ratio | MACs removed | speedup | energy saving "
           "| paper (CPU) |\n|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : study.rows)
        out << "| " << r.model << " | " << r.design << " | " << granularityName(r.granularity)
            << " | " << formatNumber(r.ratio, "%.3f") << " | "
            << formatNumber(100 * r.macsRemoved, "%.1f%%") << " | "
            << formatNumber(r.speedup, "%.2fx") << " | " << formatNumber(r.energySaving, "%.2fx")
            << " | " << formatNumber(r.paperSpeedup, "%.1fx") << " |\n";
    out << "\nGap: ";
    for (const auto& r : study.rows)
        if (r.design == o.systolicDesign && r.granularity == PruneGranularity::Element)
            out << r.model << " element pruning at " << formatNumber(r.ratio, "%.2f") << " gives "
                << formatNumber(r.speedup, "%.2fx") << " on " << r.design << " against the paper's "
                << formatNumber(r.paperSpeedup, "%.1fx") << " on a CPU; ";
    out << "a dense systolic array does not skip zero weights, so only removed channels (and "
           "whole array tiles) shorten the run.\n";
    return out.str();
}

} // namespace mensa
