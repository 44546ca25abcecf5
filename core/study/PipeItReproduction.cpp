#include "study/PipeItReproduction.h"

#include "schedule/PipeItSearch.h"
#include "util/TextFormat.h"

#include <sstream>

namespace mensa {
namespace {

std::string pct(double gain)
{
    return formatNumber(gain * 100, "%+.1f%%");
}

// A stage label inside a Markdown table cell: its '|' separators escaped.
std::string cell(std::string label)
{
    for (size_t at = label.find('|'); at != std::string::npos; at = label.find('|', at + 2))
        label.replace(at, 1, "\\|");
    return label;
}

} // namespace

std::vector<PipeItStudyRow> pipeItStudy(
    const std::vector<StudyModel>& models, const AcceleratorSystem& system)
{
    std::vector<PipeItStudyRow> rows;
    for (const auto& m : models) {
        if (m.kind != "CNN")
            continue;
        const PipeItTable table = buildPipeItTable(m.model, system);
        const PipeItReport r = runPipeIt(table);
        PipeItStudyRow row;
        row.model = m.model.name;
        row.layers = table.layerCount();
        row.pipeline = r.pipeline.label;
        row.pipelineThroughput = r.pipeline.throughput;
        row.bestSingleCluster = r.bestSingleCluster.label;
        row.singleClusterThroughput = r.bestSingleCluster.throughput;
        row.dataParallelThroughput = r.dataParallel.throughput;
        row.gainOverSingleCluster = r.gainOverSingleCluster;
        row.gainOverDataParallel = r.gainOverDataParallel;
        row.gainOverBest = r.gainOverBest;
        rows.push_back(std::move(row));
    }
    return rows;
}

double meanPipeItGain(const std::vector<PipeItStudyRow>& rows)
{
    if (rows.empty())
        return 0;
    double sum = 0;
    for (const auto& r : rows)
        sum += r.gainOverBest;
    return sum / double(rows.size());
}

std::string pipeItStudyCsv(const std::vector<PipeItStudyRow>& rows)
{
    std::ostringstream o;
    o << "model,layers,pipeline,pipeline_throughput_per_s,best_single_cluster,"
         "single_cluster_throughput_per_s,data_parallel_throughput_per_s,gain_over_single_cluster,"
         "gain_over_data_parallel,gain_over_best\n";
    for (const auto& r : rows)
        o << csvField(r.model) << "," << r.layers << "," << csvField(r.pipeline) << ","
          << formatExact(r.pipelineThroughput) << "," << csvField(r.bestSingleCluster) << ","
          << formatExact(r.singleClusterThroughput) << "," << formatExact(r.dataParallelThroughput)
          << "," << formatExact(r.gainOverSingleCluster) << ","
          << formatExact(r.gainOverDataParallel) << "," << formatExact(r.gainOverBest) << "\n";
    o << "mean,,,,,,,,," << formatExact(meanPipeItGain(rows)) << "\n";
    o << "paper-reported (Wang et al. 2019),,,,,,,,," << formatExact(kPipeItPaperGain) << "\n";
    return o.str();
}

std::string pipeItStudyMarkdown(const std::vector<PipeItStudyRow>& rows)
{
    std::ostringstream o;
    o << "## Pipe-it on HiKey 970 (Wang et al., 2019)\n\n";
    o << "Steady-state throughput of the balanced big.LITTLE pipeline against the better of the "
         "best single cluster and all 8 cores data-parallel (docs/pipeit.md).\n\n";
    o << "| model | pipeline | inf/s | best single cluster | inf/s | data-parallel inf/s | gain "
         "|\n";
    o << "|---|---|---|---|---|---|---|\n";
    for (const auto& r : rows)
        o << "| " << r.model << " | " << cell(r.pipeline) << " | "
          << formatNumber(r.pipelineThroughput, "%.3g") << " | " << r.bestSingleCluster << " | "
          << formatNumber(r.singleClusterThroughput, "%.3g") << " | "
          << formatNumber(r.dataParallelThroughput, "%.3g") << " | " << pct(r.gainOverBest)
          << " |\n";
    const double mean = meanPipeItGain(rows);
    o << "\nMean gain " << pct(mean) << " over " << rows.size() << " CNNs; the paper reports "
      << pct(kPipeItPaperGain) << " on average (measured on the board, its own CNN set). Gap: "
      << formatNumber((mean - kPipeItPaperGain) * 100, "%+.1f")
      << " percentage points. The CPU model's efficiencies, overheads and bandwidths are "
         "modelling assumptions not fitted to HiKey 970 measurements, and the pipeline ignores "
         "DRAM contention between concurrently running stages, so the gap is not a validation "
         "either way.\n";
    return o.str();
}

} // namespace mensa
