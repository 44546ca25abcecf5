#include "dse/Codesign.h"

#include "util/TextFormat.h"

namespace mensa {
namespace {

// "pe_rows=32; parameter_buffer.size_bytes=1048576": the hardware axes of a point.
std::string hardwareOf(const SearchSpace& space, uint64_t index)
{
    const std::vector<int> choices = space.choicesOf(index);
    std::string out;
    for (size_t k = 1; k < space.axes.size(); ++k)
        out += (out.empty() ? "" : "; ") + space.axes[k].field + "="
            + space.axes[k].labels[size_t(choices[k])];
    return out;
}

CodesignRow fromSpace(const SearchSpace& space, std::string search, std::string held,
    const std::optional<PointResult>& best)
{
    CodesignRow row { std::move(search), std::move(held), best, "", "" };
    if (best) {
        row.model = space.variantAt(best->index).name();
        row.hardware = hardwareOf(space, best->index);
    }
    return row;
}

CodesignRow modelOnly(const Explorer& explorer)
{
    const SearchSpace& space = explorer.space();
    std::optional<PointResult> best;
    const SearchObjective& primary = space.objectives.front();
    for (size_t v = 0; v < space.variants.size(); ++v) {
        PointResult p = explorer.evaluateOnBase(v);
        if (p.feasible && (!best || objectiveValue(primary, p) < objectiveValue(primary, *best)))
            best = std::move(p);
    }
    CodesignRow row { "model only", "hardware: the base spec", best, "", "" };
    if (best) {
        row.model = space.variants[size_t(best->index)].name();
        row.hardware = "base " + space.base->name();
    }
    return row;
}

} // namespace

std::vector<CodesignRow> compareCodesign(
    const Explorer& explorer, const ExploreCollector& collector)
{
    const SearchSpace& space = explorer.space();
    const std::string baseline = space.variants[space.baselineVariant].name();
    return { fromSpace(space, "joint", "nothing", collector.best(0)),
        fromSpace(space, "hardware only", "model: " + baseline,
            collector.bestOfVariant(space.baselineVariant)),
        modelOnly(explorer) };
}

std::string codesignCsv(const SearchSpace& space, const std::vector<CodesignRow>& rows)
{
    const SearchObjective& primary = space.objectives.front();
    std::string out = "search,held," + csvField(primary.name)
        + ",model,top1,latency_s,energy_j,area_mm2,hardware\n";
    for (const CodesignRow& r : rows) {
        out += csvField(r.search) + "," + csvField(r.held) + ",";
        if (r.best)
            out += formatExact(objectiveValue(primary, *r.best)) + "," + csvField(r.model) + ","
                + formatExact(r.best->top1) + "," + formatExact(r.best->latency) + ","
                + formatExact(r.best->energy) + "," + formatExact(r.best->area) + ","
                + csvField(r.hardware);
        else
            out += ",,,,,,";
        out += "\n";
    }
    return out;
}

std::string codesignText(const SearchSpace& space, const std::vector<CodesignRow>& rows)
{
    const SearchObjective& primary = space.objectives.front();
    std::string out = "co-design, best " + primary.name + " within the constraints:\n";
    for (const CodesignRow& r : rows) {
        out += "  " + r.search + " (" + r.held + "): ";
        if (!r.best) {
            out += "no feasible point\n";
            continue;
        }
        out += formatNumber(objectiveValue(primary, *r.best), "%.4g") + " with " + r.model
            + " (top-1 " + formatNumber(r.best->top1, "%.1f") + " %), "
            + formatNumber(r.best->latency * 1e3, "%.3g") + " ms, "
            + formatNumber(r.best->energy * 1e3, "%.3g") + " mJ, "
            + formatNumber(r.best->area, "%.3g") + " mm^2 on " + r.hardware + "\n";
    }
    return out;
}

} // namespace mensa
