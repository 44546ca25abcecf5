#include "schedule/MaeExport.h"

#include "schedule/AssignmentSearch.h"
#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <sstream>

namespace mensa {
namespace {

std::string num(double v, const char* format = "%.9g")
{
    return formatNumber(v, format);
}

std::string percent(double fraction)
{
    return formatNumber(100 * fraction, "%.1f%%");
}

} // namespace

std::string maeToTable(
    const MaeReport& r, const Model& model, const std::vector<std::string>& names)
{
    std::ostringstream o;
    o << "Multi-accelerator execution (MAE) of " << model.name << ": " << r.front.size()
      << " mappings on the latency/energy front" << (r.exact ? "" : " (approximate)")
      << "\n  latency ms   energy mJ    transitions  layers per unit\n";
    for (const auto& m : r.front)
        o << "  " << num(m.latency * 1e3, "%-12.6g") << " " << num(m.energy * 1e3, "%-12.6g") << " "
          << num(unitTransitions(model, m.assignment), "%-12.0f") << " " << layerCounts(m, names)
          << "\n";
    o << "\nSingle units (layers a unit cannot run fall back, as with TensorRT):\n";
    for (const auto& b : r.baselines)
        o << "  " << b.label << ": " << num(b.mapping.latency * 1e3, "%.6g") << " ms, "
          << num(b.mapping.energy * 1e3, "%.6g") << " mJ\n";
    o << "\nWeight sweep (w = latency weight; C_w = w T/L0 + (1-w) E/E0; MAEG = 1 - C_w(MAE) / "
         "C_w(best single unit)):\n"
      << "  w      MAE ms       MAE mJ       best single unit                MAEG\n";
    for (const auto& p : r.sweep) {
        const Mapping& m = r.candidates[p.mappingIndex];
        std::string unit = r.baselines[p.baselineIndex].label;
        unit.resize(std::max<size_t>(unit.size(), 31), ' ');
        o << "  " << num(p.weight, "%-6.2f") << " " << num(m.latency * 1e3, "%-12.6g") << " "
          << num(m.energy * 1e3, "%-12.6g") << " " << unit << " " << percent(p.maeg) << "\n";
    }
    if (r.bestPoint >= 0)
        o << "\nMAEG (best over w): " << percent(r.maeg())
          << " at w = " << num(r.sweep[r.bestPoint].weight, "%.2f") << " (paper: up to 28%)\n";
    return o.str();
}

std::string maeToCsv(const MaeReport& r, const Model& model, const std::vector<std::string>& names)
{
    std::string out = "kind,weight,latency_s,energy_j,transitions,maeg,label\n";
    auto row = [&](const std::string& kind, const std::string& weight, const Mapping& m,
                   const std::string& maeg, const std::string& label) {
        out += kind + "," + weight + "," + num(m.latency) + "," + num(m.energy) + ","
            + std::to_string(unitTransitions(model, m.assignment)) + "," + maeg + ","
            + csvField(label) + "\n";
    };
    for (const auto& m : r.front)
        row("front", "", m, "", layerCounts(m, names));
    for (const auto& b : r.baselines)
        row("single", "", b.mapping, "", b.label);
    for (const auto& p : r.sweep)
        row("sweep", num(p.weight), r.candidates[p.mappingIndex], num(p.maeg),
            layerCounts(r.candidates[p.mappingIndex], names));
    return out;
}

std::string maeToJson(const MaeReport& r, const Model& model, const std::vector<std::string>& names)
{
    auto mapping = [&](const Mapping& m) {
        return "{\"latency_s\":" + jsonNumber(m.latency) + ",\"energy_j\":" + jsonNumber(m.energy)
            + ",\"transitions\":" + std::to_string(unitTransitions(model, m.assignment))
            + ",\"layers\":" + jsonQuote(layerCounts(m, names)) + "}";
    };
    std::ostringstream o;
    o << "{\"model\":" << jsonQuote(model.name) << ",\"exact\":" << (r.exact ? "true" : "false")
      << ",\"latency_scale_s\":" << jsonNumber(r.latencyScale)
      << ",\"energy_scale_j\":" << jsonNumber(r.energyScale) << ",\"front\":[";
    for (size_t i = 0; i < r.front.size(); ++i)
        o << (i ? "," : "") << mapping(r.front[i]);
    o << "],\"singles\":[";
    for (size_t i = 0; i < r.baselines.size(); ++i)
        o << (i ? "," : "") << "{\"label\":" << jsonQuote(r.baselines[i].label)
          << ",\"unit\":" << jsonQuote(names[r.baselines[i].unit])
          << ",\"fallback_layers\":" << r.baselines[i].fallbackLayers
          << ",\"mapping\":" << mapping(r.baselines[i].mapping) << "}";
    o << "],\"sweep\":[";
    for (size_t i = 0; i < r.sweep.size(); ++i) {
        const auto& p = r.sweep[i];
        o << (i ? "," : "") << "{\"weight\":" << jsonNumber(p.weight)
          << ",\"mapping\":" << mapping(r.candidates[p.mappingIndex])
          << ",\"best_single\":" << jsonQuote(r.baselines[p.baselineIndex].label)
          << ",\"mae_cost\":" << jsonNumber(p.maeCost)
          << ",\"single_cost\":" << jsonNumber(p.baselineCost) << ",\"maeg\":" << jsonNumber(p.maeg)
          << "}";
    }
    o << "],\"maeg\":" << jsonNumber(r.maeg()) << "}\n";
    return o.str();
}

} // namespace mensa
