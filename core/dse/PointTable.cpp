#include "dse/PointTable.h"

#include "dse/AreaModel.h"
#include "dse/ExploreFigureData.h"
#include "util/Error.h"
#include "util/JsonString.h"
#include "util/TextFormat.h"

#include <google/protobuf/text_format.h>

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace mensa {
namespace {

std::string exact(double v)
{
    return formatExact(v);
}

// Exact JSON number: the same digits as the CSV (finite values only reach here).
std::string jsonExact(double v)
{
    return std::isfinite(v) ? formatExact(v) : "null";
}

std::vector<std::string> splitCsv(const std::string& row)
{
    std::vector<std::string> fields;
    std::stringstream in(row);
    std::string field;
    while (std::getline(in, field, ','))
        fields.push_back(field);
    if (!row.empty() && row.back() == ',')
        fields.emplace_back();
    return fields;
}

// A number of points.csv; nonFiniteText's words stand for the figures of infeasible points.
double readNumber(const std::string& text, const std::string& where)
{
    if (const auto v = parseNumber(text))
        return *v;
    if (text == "inf" || text == "-inf")
        return text[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    if (text == "nan")
        return std::nan("");
    throw MensaError(where, "not a number: \"" + text + "\"");
}

std::string configJson(const SearchSpace& space, uint64_t index)
{
    const std::vector<int> choices = space.choicesOf(index);
    std::string out = "{";
    for (size_t k = 0; k < space.axes.size(); ++k)
        out += (k ? ", " : "") + jsonQuote(space.axes[k].field) + ": "
            + jsonQuote(space.axes[k].labels[size_t(choices[k])]);
    return out + "}";
}

} // namespace

std::string pointCsvHeader(const SearchSpace& space, const std::vector<std::string>& modelNames)
{
    std::string out = "index";
    for (const SearchAxis& axis : space.axes)
        out += "," + csvField(axis.field);
    out += ",feasible,latency_s,energy_j,edp_js,area_mm2,power_w";
    if (space.hasModelAxis())
        out += ",top1";
    for (const std::string& name : modelNames)
        out += "," + csvField("latency_s:" + name) + "," + csvField("energy_j:" + name);
    return out + "\n";
}

std::string pointCsvRow(const SearchSpace& space, const PointResult& p)
{
    std::string out = std::to_string(p.index);
    const std::vector<int> choices = space.choicesOf(p.index);
    for (size_t k = 0; k < space.axes.size(); ++k)
        out += "," + csvField(space.axes[k].labels[size_t(choices[k])]);
    out += std::string(",") + (p.feasible ? "1" : "0");
    for (double v : { p.latency, p.energy, p.edp, p.area, p.power })
        out += "," + exact(v);
    if (space.hasModelAxis())
        out += "," + exact(p.top1);
    for (const ModelMetrics& m : p.perModel)
        out += "," + exact(m.latency) + "," + exact(m.energy);
    return out + "\n";
}

PointResult parsePointCsvRow(
    const SearchSpace& space, const std::string& row, size_t modelCount, const std::string& where)
{
    const std::vector<std::string> f = splitCsv(row);
    const size_t axes = space.axes.size();
    const size_t fields = 1 + axes + 6 + (space.hasModelAxis() ? 1 : 0) + 2 * modelCount;
    if (f.size() != fields)
        throw MensaError(where,
            "expected " + std::to_string(fields) + " fields, found " + std::to_string(f.size()));
    PointResult p;
    const double index = readNumber(f[0], where);
    if (index < 0 || index >= double(space.pointCount()) || index != std::floor(index))
        throw MensaError(where, "point index " + f[0] + " is not in the space");
    p.index = uint64_t(index);
    size_t c = 1 + axes + 1;
    p.latency = readNumber(f[c++], where);
    p.energy = readNumber(f[c++], where);
    p.edp = readNumber(f[c++], where);
    p.area = readNumber(f[c++], where);
    p.power = readNumber(f[c++], where);
    if (space.hasModelAxis())
        p.top1 = readNumber(f[c++], where);
    for (size_t m = 0; m < modelCount; ++m) {
        ModelMetrics metrics;
        metrics.latency = readNumber(f[c++], where);
        metrics.energy = readNumber(f[c++], where);
        p.perModel.push_back(metrics);
    }
    p.feasible = meetsConstraints(space, p);
    return p;
}

std::string paretoJson(const SearchSpace& space, const std::vector<std::string>& modelNames,
    const std::vector<PointResult>& front)
{
    std::string out = "{\n  \"space\": " + jsonQuote(space.name)
        + ",\n  \"metrics\": [\"latency_s\", \"energy_j\", \"area_mm2\""
        + (space.hasModelAxis() ? ", \"top1_error\"" : "") + "],\n  \"points\": [";
    for (size_t i = 0; i < front.size(); ++i) {
        const PointResult& p = front[i];
        out += std::string(i ? "," : "") + "\n    {\"index\": " + std::to_string(p.index)
            + ", \"config\": " + configJson(space, p.index)
            + ", \"latency_s\": " + jsonExact(p.latency) + ", \"energy_j\": " + jsonExact(p.energy)
            + ", \"edp_js\": " + jsonExact(p.edp) + ", \"area_mm2\": " + jsonExact(p.area)
            + ", \"power_w\": " + jsonExact(p.power)
            + (space.hasModelAxis() ? ", \"top1\": " + jsonExact(p.top1) : std::string())
            + ", \"models\": [";
        for (size_t m = 0; m < p.perModel.size() && m < modelNames.size(); ++m)
            out += std::string(m ? ", " : "") + "{\"model\": " + jsonQuote(modelNames[m])
                + ", \"latency_s\": " + jsonExact(p.perModel[m].latency)
                + ", \"energy_j\": " + jsonExact(p.perModel[m].energy) + "}";
        out += "]}";
    }
    return out + (front.empty() ? "]\n}\n" : "\n  ]\n}\n");
}

std::string energyScalingText(const SearchSpace& space)
{
    std::string blocks;
    for (const std::string& block : space.energyScaledBlocks())
        blocks += (blocks.empty() ? "" : ", ") + block;
    return blocks.empty() ? blocks
                          : "access energies per byte scale as capacity^"
            + exact(space.accessEnergyExponent) + " (access_energy_exponent) for: " + blocks;
}

std::string bestSpecText(
    const SearchSpace& space, const SearchObjective& objective, const PointResult& p)
{
    spec::SystemSpec system = space.specAt(p.index);
    const std::string suffix = "_" + objective.name + "_" + std::to_string(p.index);
    std::string out = "# Best " + objective.name + " of the search space \"" + space.name
        + "\" (mensa explore): point " + std::to_string(p.index) + "\n";
    const std::vector<int> choices = space.choicesOf(p.index);
    for (size_t k = 0; k < space.axes.size(); ++k)
        out += "#   " + space.axes[k].field + " = " + space.axes[k].labels[size_t(choices[k])]
            + "\n";
    out += "# latency " + exact(p.latency) + " s, energy " + exact(p.energy) + " J, area "
        + exact(p.area) + " mm^2 (" + space.processNode + "), " + objective.name + " "
        + exact(objectiveValue(objective, p)) + "\n";
    if (space.hasModelAxis())
        out += "# model " + space.variantAt(p.index).name() + ": ImageNet top-1 " + exact(p.top1)
            + " % (" + variantSource(space.variantAt(p.index).family) + ")\n";
    for (const std::string& block : space.energyScaledBlocks())
        out += "# " + block + " access energies scaled as capacity^"
            + exact(space.accessEnergyExponent) + " from the base spec's\n";
    const AreaBreakdown area = systemArea(system, space.processNode);
    out += "# area mm^2:";
    for (int c = 0; c < kAreaComponentCount; ++c)
        out += std::string(c ? "," : "") + " " + std::string(toString(AreaComponent(c))) + " "
            + formatNumber(area.mm2[size_t(c)], "%.4g");
    out += "\n";
    std::string body;
    google::protobuf::TextFormat::Printer printer;
    if (system.accelerators_size() == 1) {
        spec::AcceleratorSpec accelerator = system.accelerators(0);
        accelerator.set_name(accelerator.name() + suffix);
        printer.PrintToString(accelerator, &body);
    }
    else {
        system.set_name(system.name() + suffix);
        printer.PrintToString(system, &body);
    }
    return out + body;
}

std::string sensitivityCsv(const SearchSpace& space, const ExploreCollector& collector)
{
    std::string out
        = "axis,value,best_" + space.objectives.front().name + ",ratio_to_best,feasible_points\n";
    for (const SensitivityRow& r : sensitivityRows(space, collector))
        out += csvField(space.axes[r.axis].field) + ","
            + csvField(space.axes[r.axis].labels[r.value]) + ","
            + (r.count ? exact(r.best) + "," + exact(r.ratio) : std::string(",")) + ","
            + std::to_string(r.count) + "\n";
    return out;
}

std::string exploreSummaryJson(const SearchSpace& space, const std::string& mode,
    const std::vector<std::string>& modelNames, const ExploreCollector& collector)
{
    const ExploreTally& t = collector.tally();
    std::string models, scaled;
    for (size_t m = 0; m < modelNames.size(); ++m)
        models += (m ? ", " : "") + jsonQuote(modelNames[m]);
    for (const std::string& block : space.energyScaledBlocks())
        scaled += (scaled.empty() ? "" : ", ") + jsonQuote(block);
    std::string out = "{\n  \"space\": " + jsonQuote(space.name) + ",\n  \"base\": "
        + jsonQuote(space.base->name()) + ",\n  \"process_node\": " + jsonQuote(space.processNode)
        + ",\n  \"access_energy_exponent\": " + jsonExact(space.accessEnergyExponent)
        + ",\n  \"energy_scaled_blocks\": [" + scaled + "],\n  \"search\": " + jsonQuote(mode)
        + ",\n  \"models\": [" + models + "],\n  \"points_in_space\": "
        + std::to_string(space.pointCount()) + ",\n  \"evaluated\": " + std::to_string(t.evaluated)
        + ",\n  \"invalid\": " + std::to_string(t.invalid) + ",\n  \"over_area\": "
        + std::to_string(t.overArea) + ",\n  \"feasible\": " + std::to_string(t.feasible)
        + ",\n  \"pareto_points\": " + std::to_string(collector.front().size())
        + ",\n  \"best\": {";
    for (size_t k = 0; k < space.objectives.size(); ++k) {
        const auto& best = collector.best(k);
        out += std::string(k ? "," : "") + "\n    " + jsonQuote(space.objectives[k].name) + ": ";
        out += best ? "{\"index\": " + std::to_string(best->index)
                + ", \"value\": " + jsonExact(objectiveValue(space.objectives[k], *best))
                + ", \"config\": " + configJson(space, best->index) + "}"
                    : std::string("null");
    }
    return out + "\n  }\n}\n";
}

} // namespace mensa
