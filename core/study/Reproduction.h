#pragma once

#include "cost/CostModel.h"
#include "cost/Simulation.h"
#include "mapping/DesignRun.h"
#include "model/Model.h"
#include "schedule/Schedule.h"

#include <functional>
#include <string>
#include <vector>

namespace mensa {

// Reproduction of the Mensa study's tables (Boroumand et al., PACT 2021) on a set of
// models: per-model Edge TPU utilisation and efficiency, energy breakdowns on each design,
// and Mensa's throughput / energy efficiency normalised to the Edge TPU and Eyeriss v2.
// Everything here returns structs or text; the CLI and the GUI decide where it goes.

// A model of the study and its kind ("CNN", "LSTM", "Transducer", "RCNN").
struct StudyModel {
    std::string kind;
    Model model;
};

// The three designs compared; Mensa is a multi-accelerator system.
struct StudySystems {
    AcceleratorSystem edgeTpu;
    AcceleratorSystem eyeriss;
    AcceleratorSystem mensa;
    // How every design runs each model (the one policy of mapping/MappingPolicy.h).
    MappingPolicy policy = MappingPolicy::defaults();
};

struct StudyRun {
    std::string model;
    std::string kind;
    ModelTotals totals;
    ModelCost edgeTpu;
    ModelCost eyeriss;
    ModelCost mensa;
    Schedule mensaSchedule; // the same run as `mensa`, timed (for the Gantt figures)
    std::vector<EnergyBreakdown> mensaEnergyPerAccelerator; // layers only, by accelerator
    std::vector<std::string> mensaAccelerators; // names, same order
    double edgeTpuPeakTopsPerWatt = 0; // the Edge TPU spec's peakOpsPerWatt() / 1e12
};

// Mensa's gains on one model (ratios > 1 mean Mensa is better).
struct MensaGains {
    std::string model;
    std::string kind;
    double throughputVsEdgeTpu = 0;
    double energyEfficiencyVsEdgeTpu = 0;
    double throughputVsEyeriss = 0;
    double energyEfficiencyVsEyeriss = 0;
};

// The paper's reported averages over its 24 Google models (abstract of the paper).
struct PaperReportedGains {
    static constexpr double throughputVsEdgeTpu = 3.1;
    static constexpr double energyEfficiencyVsEdgeTpu = 3.0;
    static constexpr double throughputVsEyeriss = 4.3;
    static constexpr double energyEfficiencyVsEyeriss = 2.4;
};

// Builds and imports every model of the sample suite (in suite order).
std::vector<StudyModel> sampleSuiteStudyModels();

// Simulates every model on every design. Throws MensaError when a system is empty.
std::vector<StudyRun> runStudy(const std::vector<StudyModel>& models, const StudySystems& systems);

MensaGains mensaGains(const StudyRun& run);
// Geometric mean of each ratio over the runs; model = "geomean", kind = "" (or the kind
// when every run has it).
MensaGains geomeanGains(const std::vector<MensaGains>& gains);

// CSV tables (RFC 4180, header row first, '.' decimal point, full precision).
std::string edgeTpuTableCsv(const std::vector<StudyRun>& runs);
std::string energyBreakdownCsv(const std::vector<StudyRun>& runs);
std::string mensaGainsCsv(const std::vector<StudyRun>& runs);
// Markdown summary: the tables in short form with geomeans per kind and overall, and the
// paper-reported averages beside the measured ones.
std::string studySummaryMarkdown(const std::vector<StudyRun>& runs);

} // namespace mensa
