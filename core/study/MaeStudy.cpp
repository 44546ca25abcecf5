#include "study/MaeStudy.h"

#include "schedule/CostTable.h"
#include "util/TextFormat.h"

#include <algorithm>
#include <sstream>

namespace mensa {
namespace {

MaeStudyRow rowOf(const StudyModel& m, const MaeReport& r)
{
    MaeStudyRow row;
    row.model = m.model.name;
    row.kind = m.kind;
    row.maeg = r.maeg();
    row.frontSize = int(r.front.size());
    row.exact = r.exact;
    for (const auto& b : r.baselines)
        if (b.fallbackLayers > 0) {
            row.dlaFallbackLayers = b.fallbackLayers;
            break;
        }
    if (r.bestPoint < 0)
        return row;
    const MaeWeightPoint& p = r.sweep[r.bestPoint];
    row.weight = p.weight;
    row.bestSingle = r.baselines[p.baselineIndex].label;
    row.maeLatency = r.candidates[p.mappingIndex].latency;
    row.maeEnergy = r.candidates[p.mappingIndex].energy;
    row.singleLatency = r.baselines[p.baselineIndex].mapping.latency;
    row.singleEnergy = r.baselines[p.baselineIndex].mapping.energy;
    return row;
}

std::string pct(double fraction)
{
    return formatNumber(100 * fraction, "%.1f%%");
}

} // namespace

std::vector<MaeStudyRow> runMaeStudy(
    const std::vector<StudyModel>& models, const AcceleratorSystem& system)
{
    std::vector<MaeStudyRow> rows;
    for (const auto& m : models) {
        CostTable table = buildCostTable(m.model, system);
        rows.push_back(rowOf(m, MaeExplorer(11).explore(m.model, table)));
    }
    return rows;
}

std::string maeStudyCsv(const std::vector<MaeStudyRow>& rows)
{
    std::string out = "model,kind,maeg,weight,best_single_unit,mae_latency_s,mae_energy_j,"
                      "single_latency_s,single_energy_j,dla_fallback_layers,front_size,exact\n";
    for (const auto& r : rows)
        out += csvField(r.model) + "," + csvField(r.kind) + "," + formatExact(r.maeg) + ","
            + formatExact(r.weight) + "," + csvField(r.bestSingle) + "," + formatExact(r.maeLatency)
            + "," + formatExact(r.maeEnergy) + "," + formatExact(r.singleLatency) + ","
            + formatExact(r.singleEnergy) + "," + std::to_string(r.dlaFallbackLayers) + ","
            + std::to_string(r.frontSize) + "," + (r.exact ? "true" : "false") + "\n";
    return out;
}

std::string maeStudyMarkdown(const std::vector<MaeStudyRow>& rows, const std::string& system)
{
    std::ostringstream o;
    o << "## Multi-accelerator execution on " << system << " (Dagli & Belviranli, RSDHA 2021)\n\n"
      << "MAEG = 1 - C_w(best MAE mapping) / C_w(best single unit), C_w = w T/L0 + (1-w) E/E0, "
         "best over w in {0, 0.1, ..., 1}; single units run every layer they can and fall "
         "back to the GPU for the rest (docs/processors.md).\n\n"
      << "| model | kind | MAEG | w | best single unit | DLA fallback layers |\n"
      << "|---|---|---|---|---|---|\n";
    std::vector<double> gains;
    for (const auto& r : rows) {
        o << "| " << r.model << " | " << r.kind << " | " << pct(r.maeg) << " | "
          << formatNumber(r.weight, "%.1f") << " | " << r.bestSingle << " | " << r.dlaFallbackLayers
          << " |\n";
        gains.push_back(r.maeg);
    }
    if (gains.empty())
        return o.str();
    std::sort(gains.begin(), gains.end());
    const double maxGain = gains.back();
    const double median = gains[gains.size() / 2];
    o << "\nMAEG: up to " << pct(maxGain) << " (median " << pct(median) << ") over " << rows.size()
      << " models; paper-reported: up to " << pct(PaperReportedMae::maxGain)
      << ". Gap: " << formatNumber(100 * (maxGain - PaperReportedMae::maxGain), "%+.1f")
      << " percentage points. The models are analytical (rooflines with efficiencies and "
         "powers partly assumed, see resources/accelerators/jetson_xavier.textproto), the "
         "paper measured the real board on its own networks, and this tool's MAEG formula is a "
         "reconstruction: the figures are comparable in kind, not in value.\n";
    return o.str();
}

} // namespace mensa
