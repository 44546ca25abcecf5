#pragma once

#include "cost/CostModel.h"
#include "study/Reproduction.h"

#include <string>
#include <vector>

namespace mensa {

// Pipe-it's question on the sample suite (Wang et al., 2019): how much steady-state throughput
// does the balanced big.LITTLE pipeline gain on a HiKey 970 over the best earlier
// configuration (the best single cluster, or every layer on all cores data-parallel)?
struct PipeItStudyRow {
    std::string model;
    int layers = 0;
    std::string pipeline; // "a73 x3 | a53 x4 | a73 x1"
    double pipelineThroughput = 0; // inferences / s
    std::string bestSingleCluster; // "a73 x4"
    double singleClusterThroughput = 0;
    double dataParallelThroughput = 0;
    double gainOverSingleCluster = 0; // pipeline / reference - 1
    double gainOverDataParallel = 0;
    double gainOverBest = 0; // over the better reference
};

// The paper's average throughput gain over the best earlier configuration (abstract).
inline constexpr double kPipeItPaperGain = 0.39;

// The CNNs of `models` (kind "CNN") on `system` (a system of CPU clusters, e.g. hikey970).
std::vector<PipeItStudyRow> pipeItStudy(
    const std::vector<StudyModel>& models, const AcceleratorSystem& system);
// Arithmetic mean of gainOverBest (the paper's "on average"); 0 with no rows.
double meanPipeItGain(const std::vector<PipeItStudyRow>& rows);
// CSV, one row per model, then a "mean" row and the paper's figure.
std::string pipeItStudyCsv(const std::vector<PipeItStudyRow>& rows);
// Markdown section with the gap to the paper stated.
std::string pipeItStudyMarkdown(const std::vector<PipeItStudyRow>& rows);

} // namespace mensa
