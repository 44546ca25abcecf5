#pragma once

#include "cost/CostModel.h"
#include "schedule/MaeExplorer.h"
#include "study/Reproduction.h"

#include <string>
#include <vector>

namespace mensa {

// The MAE study's question (Dagli & Belviranli, RSDHA 2021) on the sample suite: how much
// does layer-wise GPU/DLA mapping on Jetson Xavier gain over the best single unit?
struct MaeStudyRow {
    std::string model;
    std::string kind;
    double maeg = 0; // best over the weight sweep (MaeReport::maeg)
    double weight = 0; // latency weight where it is reached
    std::string bestSingle; // the best single unit at that weight
    double maeLatency = 0, maeEnergy = 0; // the MAE mapping at that weight
    double singleLatency = 0, singleEnergy = 0; // the best single unit at that weight
    int dlaFallbackLayers = 0; // layers the first DLA-based baseline sends back to the GPU
    int frontSize = 0;
    bool exact = true;
};

// The paper's headline: up to 28% energy/performance trade-off benefit over one unit.
struct PaperReportedMae {
    static constexpr double maxGain = 0.28;
};

// MAE on every model; throws MensaError when the system cannot run a model.
std::vector<MaeStudyRow> runMaeStudy(
    const std::vector<StudyModel>& models, const AcceleratorSystem& system);
// One CSV row per model (RFC 4180, full precision).
std::string maeStudyCsv(const std::vector<MaeStudyRow>& rows);
// Markdown section: per-model MAEG, the maximum and median, beside the paper's 28%, with
// the gap stated.
std::string maeStudyMarkdown(const std::vector<MaeStudyRow>& rows, const std::string& system);

} // namespace mensa
