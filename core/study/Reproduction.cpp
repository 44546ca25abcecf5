#include "study/Reproduction.h"

#include "onnx/OnnxImporter.h"
#include "samples/SampleReadme.h"
#include "samples/SampleSuite.h"
#include "util/Error.h"
#include "util/TextFormat.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace mensa {
namespace {

// Tables carry exact numbers (shortest round-trip text); the summary rounds for reading.
std::string num(double value, const char* format = nullptr)
{
    return format ? formatNumber(value, format) : formatExact(value);
}

double efficiency(const ModelCost& cost)
{
    return cost.energyPerInference > 0 ? 1.0 / cost.energyPerInference : 0;
}

double ratio(double a, double b)
{
    return b > 0 ? a / b : 0;
}

// CSV column names of the energy components.
const char* columnName(EnergyComponent component)
{
    switch (component) {
    case EnergyComponent::Mac:
        return "mac_j";
    case EnergyComponent::RegisterFile:
        return "register_file_j";
    case EnergyComponent::Buffer:
        return "buffer_j";
    case EnergyComponent::Noc:
        return "noc_j";
    case EnergyComponent::OffChip:
        return "off_chip_j";
    case EnergyComponent::Static:
        return "static_j";
    case EnergyComponent::Count:
        break;
    }
    return "other_j";
}

void requireAccelerators(const AcceleratorSystem& system, const char* role)
{
    if (system.accelerators.empty())
        throw MensaError("", std::string("study: the ") + role + " system has no accelerator");
}

std::vector<EnergyBreakdown> energyPerAccelerator(const ModelCost& cost, size_t accelerators)
{
    std::vector<EnergyBreakdown> perAccelerator(accelerators);
    for (size_t i = 0; i < cost.layers.size() && i < cost.assignment.size(); ++i)
        if (cost.assignment[i] >= 0 && size_t(cost.assignment[i]) < accelerators)
            perAccelerator[cost.assignment[i]] += cost.layers[i].energy;
    return perAccelerator;
}

std::string energyRow(const StudyRun& run, const std::string& design, const std::string& part,
    const EnergyBreakdown& energy, double transferJoules)
{
    std::ostringstream row;
    row << run.model << ',' << run.kind << ',' << design << ',' << part;
    for (double joules : energy.joules)
        row << ',' << num(joules);
    row << ',' << num(transferJoules) << ',' << num(energy.total() + transferJoules) << '\n';
    return row.str();
}

std::string gainsRow(const MensaGains& g)
{
    return g.model + ',' + g.kind + ',' + num(g.throughputVsEdgeTpu) + ','
        + num(g.energyEfficiencyVsEdgeTpu) + ',' + num(g.throughputVsEyeriss) + ','
        + num(g.energyEfficiencyVsEyeriss) + '\n';
}

// Geomean rows per kind (in first-seen order), then over all models.
std::vector<MensaGains> geomeanRows(const std::vector<MensaGains>& gains)
{
    std::vector<std::string> kinds;
    std::map<std::string, std::vector<MensaGains>> byKind;
    for (const auto& g : gains) {
        if (byKind[g.kind].empty())
            kinds.push_back(g.kind);
        byKind[g.kind].push_back(g);
    }
    std::vector<MensaGains> rows;
    for (const auto& kind : kinds)
        rows.push_back(geomeanGains(byKind[kind]));
    rows.push_back(geomeanGains(gains));
    return rows;
}

std::vector<MensaGains> allGains(const std::vector<StudyRun>& runs)
{
    std::vector<MensaGains> gains;
    for (const auto& run : runs)
        gains.push_back(mensaGains(run));
    return gains;
}

std::string percent(double share)
{
    return num(100.0 * share, "%.1f") + "%";
}
std::string times(double value)
{
    return num(value, "%.2f") + "x";
}

std::string edgeTpuMarkdown(const std::vector<StudyRun>& runs)
{
    std::ostringstream md;
    md << "## Edge TPU: throughput utilisation and energy efficiency\n\n"
       << "| Model | Kind | MACs | Parameters | Inferences/s | PE utilisation | TOPS/W | "
          "Share of peak efficiency | Off-chip share of energy |\n"
       << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
    double utilization = 0, efficiencyShare = 0;
    for (const auto& run : runs) {
        const ModelCost& c = run.edgeTpu;
        const double share = ratio(c.topsPerWatt, run.edgeTpuPeakTopsPerWatt);
        utilization += c.averageUtilization;
        efficiencyShare += share;
        md << "| " << run.model << " | " << run.kind << " | "
           << formatCount(double(run.totals.macs)) << " | "
           << formatCount(double(run.totals.params)) << " | " << num(c.inferencesPerSecond, "%.1f")
           << " | " << percent(c.averageUtilization) << " | " << num(c.topsPerWatt, "%.3f") << " | "
           << percent(share) << " | "
           << percent(ratio(c.energy[EnergyComponent::OffChip], c.energyPerInference)) << " |\n";
    }
    const double n = runs.empty() ? 1.0 : double(runs.size());
    md << "\nMean PE utilisation " << percent(utilization / n) << " (study: about 24% of peak, "
       << "third-party summary); mean share of the "
       << num(runs.empty() ? 0 : runs.front().edgeTpuPeakTopsPerWatt, "%.2f")
       << " TOPS/W peak efficiency " << percent(efficiencyShare / n)
       << " (study: about 37%, third-party summary).\n\n";
    return md.str();
}

std::string energyMarkdown(const std::vector<StudyRun>& runs)
{
    std::ostringstream md;
    md << "## Where the energy goes\n\n"
       << "Share of each design's energy per inference spent off chip (DRAM or the stacked "
          "memory) and in on-chip buffers; full breakdown in `energy_breakdown.csv`.\n\n"
       << "| Model | Kind | Edge TPU off-chip | Edge TPU buffers | Eyeriss v2 off-chip | "
          "Eyeriss v2 buffers | Mensa off-chip | Mensa buffers |\n"
       << "|---|---|---:|---:|---:|---:|---:|---:|\n";
    auto shares = [](const ModelCost& c) {
        return percent(ratio(c.energy[EnergyComponent::OffChip], c.energyPerInference)) + " | "
            + percent(ratio(c.energy[EnergyComponent::Buffer], c.energyPerInference));
    };
    for (const auto& run : runs)
        md << "| " << run.model << " | " << run.kind << " | " << shares(run.edgeTpu) << " | "
           << shares(run.eyeriss) << " | " << shares(run.mensa) << " |\n";
    md << "\n";
    return md.str();
}

std::string gainsMarkdown(const std::vector<StudyRun>& runs)
{
    std::ostringstream md;
    md << "## Mensa normalised to the Edge TPU and Eyeriss v2\n\n"
       << "| Model | Kind | Throughput vs Edge TPU | Energy efficiency vs Edge TPU | "
          "Throughput vs Eyeriss v2 | Energy efficiency vs Eyeriss v2 |\n"
       << "|---|---|---:|---:|---:|---:|\n";
    auto row = [&md](const MensaGains& g, const std::string& label, const std::string& kind) {
        md << "| " << label << " | " << kind << " | " << times(g.throughputVsEdgeTpu) << " | "
           << times(g.energyEfficiencyVsEdgeTpu) << " | " << times(g.throughputVsEyeriss) << " | "
           << times(g.energyEfficiencyVsEyeriss) << " |\n";
    };
    const auto gains = allGains(runs);
    for (const auto& g : gains)
        row(g, g.model, g.kind);
    for (const auto& g : geomeanRows(gains))
        row(g, "**geomean**", g.kind.empty() ? "all" : g.kind);
    MensaGains paper { "", "", PaperReportedGains::throughputVsEdgeTpu,
        PaperReportedGains::energyEfficiencyVsEdgeTpu, PaperReportedGains::throughputVsEyeriss,
        PaperReportedGains::energyEfficiencyVsEyeriss };
    row(paper, "*paper-reported average*", "24 Google models");
    md << "\nThe paper-reported figures are the averages stated in Boroumand et al. (PACT 2021) "
          "over Google's 24 edge models; the measured rows come from Mensa Studio's analytical "
          "cost models on the public stand-in models above, so they agree in direction and "
          "rough size, not digit for digit.\n";
    return md.str();
}

} // namespace

std::vector<StudyModel> sampleSuiteStudyModels()
{
    std::vector<StudyModel> models;
    for (const auto& sample : sampleSuite()) {
        Model model = importOnnxBytes(serializeSample(sample), sample.name + ".onnx");
        model.name = sample.name;
        models.push_back({ std::string(toString(sample.kind)), std::move(model) });
    }
    return models;
}

std::vector<StudyRun> runStudy(const std::vector<StudyModel>& models, const StudySystems& systems)
{
    requireAccelerators(systems.edgeTpu, "Edge TPU");
    requireAccelerators(systems.eyeriss, "Eyeriss v2");
    requireAccelerators(systems.mensa, "Mensa");
    std::vector<StudyRun> runs;
    for (const auto& [kind, model] : models) {
        StudyRun run { model.name, kind, totals(model), {}, {}, {}, {}, {}, {}, 0 };
        run.edgeTpuPeakTopsPerWatt = systems.edgeTpu.accelerators[0]->peakOpsPerWatt() / 1e12;
        run.edgeTpu = runOnDesign(model, systems.edgeTpu, systems.policy).cost;
        run.eyeriss = runOnDesign(model, systems.eyeriss, systems.policy).cost;
        DesignRun mensa = runOnDesign(model, systems.mensa, systems.policy);
        run.mensa = std::move(mensa.cost);
        run.mensaSchedule = std::move(mensa.schedule);
        run.mensaEnergyPerAccelerator
            = energyPerAccelerator(run.mensa, systems.mensa.accelerators.size());
        for (const auto& accelerator : systems.mensa.accelerators)
            run.mensaAccelerators.push_back(accelerator->name());
        runs.push_back(std::move(run));
    }
    return runs;
}

MensaGains mensaGains(const StudyRun& run)
{
    return { run.model, run.kind,
        ratio(run.mensa.inferencesPerSecond, run.edgeTpu.inferencesPerSecond),
        ratio(efficiency(run.mensa), efficiency(run.edgeTpu)),
        ratio(run.mensa.inferencesPerSecond, run.eyeriss.inferencesPerSecond),
        ratio(efficiency(run.mensa), efficiency(run.eyeriss)) };
}

MensaGains geomeanGains(const std::vector<MensaGains>& gains)
{
    MensaGains mean { "geomean", gains.empty() ? "" : gains.front().kind, 0, 0, 0, 0 };
    double sums[4] = { 0, 0, 0, 0 };
    for (const auto& g : gains) {
        if (g.kind != mean.kind)
            mean.kind.clear();
        const double values[4] = { g.throughputVsEdgeTpu, g.energyEfficiencyVsEdgeTpu,
            g.throughputVsEyeriss, g.energyEfficiencyVsEyeriss };
        for (int i = 0; i < 4; ++i)
            sums[i] += std::log(values[i]);
    }
    const double n = gains.empty() ? 1.0 : double(gains.size());
    double* fields[4] = { &mean.throughputVsEdgeTpu, &mean.energyEfficiencyVsEdgeTpu,
        &mean.throughputVsEyeriss, &mean.energyEfficiencyVsEyeriss };
    for (int i = 0; i < 4; ++i)
        *fields[i] = gains.empty() ? 0 : std::exp(sums[i] / n);
    return mean;
}

std::string edgeTpuTableCsv(const std::vector<StudyRun>& runs)
{
    std::ostringstream csv;
    csv << "model,kind,macs,params,latency_s,inferences_per_s,pe_utilization,tops_per_w,"
           "share_of_peak_efficiency,off_chip_energy_share,streamed_parameter_bytes\n";
    for (const auto& run : runs) {
        const ModelCost& c = run.edgeTpu;
        csv << run.model << ',' << run.kind << ',' << run.totals.macs << ',' << run.totals.params
            << ',' << num(c.latency) << ',' << num(c.inferencesPerSecond) << ','
            << num(c.averageUtilization) << ',' << num(c.topsPerWatt) << ','
            << num(ratio(c.topsPerWatt, run.edgeTpuPeakTopsPerWatt)) << ','
            << num(ratio(c.energy[EnergyComponent::OffChip], c.energyPerInference)) << ','
            << num(c.streamedParameterBytes) << '\n';
    }
    return csv.str();
}

std::string energyBreakdownCsv(const std::vector<StudyRun>& runs)
{
    std::ostringstream csv;
    csv << "model,kind,design,part";
    for (int c = 0; c < kEnergyComponentCount; ++c)
        csv << ',' << columnName(EnergyComponent(c));
    csv << ",transfer_j,total_j\n";
    for (const auto& run : runs) {
        csv << energyRow(run, "edge_tpu", "all", run.edgeTpu.energy, 0);
        csv << energyRow(run, "eyeriss_v2", "all", run.eyeriss.energy, 0);
        csv << energyRow(run, "mensa", "all", run.mensa.energy, run.mensa.transferJoules);
        for (size_t a = 0; a < run.mensaEnergyPerAccelerator.size(); ++a)
            csv << energyRow(
                run, "mensa", run.mensaAccelerators[a], run.mensaEnergyPerAccelerator[a], 0);
    }
    return csv.str();
}

std::string mensaGainsCsv(const std::vector<StudyRun>& runs)
{
    std::ostringstream csv;
    csv << "model,kind,throughput_vs_edge_tpu,energy_efficiency_vs_edge_tpu,"
           "throughput_vs_eyeriss_v2,energy_efficiency_vs_eyeriss_v2\n";
    const auto gains = allGains(runs);
    for (const auto& g : gains)
        csv << gainsRow(g);
    for (auto g : geomeanRows(gains)) {
        g.kind = g.kind.empty() ? "all" : g.kind;
        csv << gainsRow(g);
    }
    csv << gainsRow({ "paper-reported", "24 Google models", PaperReportedGains::throughputVsEdgeTpu,
        PaperReportedGains::energyEfficiencyVsEdgeTpu, PaperReportedGains::throughputVsEyeriss,
        PaperReportedGains::energyEfficiencyVsEyeriss });
    return csv.str();
}

std::string studySummaryMarkdown(const std::vector<StudyRun>& runs)
{
    std::ostringstream md;
    md << "# Reproduction of the Mensa study\n\n"
       << "Boroumand et al., *Google Neural Network Models for Edge Devices: Analyzing and "
          "Mitigating Machine Learning Inference Bottlenecks*, PACT 2021 (arXiv:2109.14320), "
          "re-run with Mensa Studio's cost models on "
       << runs.size()
       << " public models of the study's four kinds (CNN, LSTM, Transducer, RCNN). Designs: "
          "the Edge TPU, Eyeriss v2, and Mensa-G (Pascal, Pavlov, Jacquard) with Mensa's "
          "per-layer accelerator choice (the assignment with the lowest energy-delay product, "
          "transfers between accelerators included). CSV files beside this summary hold every "
          "number.\n\n"
       << edgeTpuMarkdown(runs) << energyMarkdown(runs) << gainsMarkdown(runs);
    return md.str();
}

} // namespace mensa
