#include "dse/ExploreFigureData.h"

#include "dse/PointTable.h"
#include "util/Error.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace mensa {
namespace {

// Fields of a CSV line, quotes respected (model names may hold commas).
size_t csvFieldCount(const std::string& line)
{
    size_t fields = 1;
    bool quoted = false;
    for (char c : line) {
        if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            ++fields;
    }
    return fields;
}

size_t modelCount(const SearchSpace& space, const std::string& header, const std::string& where)
{
    const size_t fixed = 1 + space.axes.size() + 6 + (space.hasModelAxis() ? 1 : 0); // top1
    const size_t fields = csvFieldCount(header);
    if (header.rfind("index,", 0) != 0 || fields < fixed + 2 || (fields - fixed) % 2 != 0)
        throw MensaError(where + ":1", "not the header of a mensa explore points table");
    return (fields - fixed) / 2;
}

// Marks the feasible points no other feasible point beats on both latency and energy.
void markPlaneFront(std::vector<ParetoPlotPoint>& points)
{
    ParetoFront plane;
    for (const ParetoPlotPoint& p : points)
        if (p.feasible)
            plane.add({ p.index, { p.latency, p.energy } });
    std::set<uint64_t> onPlane;
    for (const ParetoEntry& e : plane.sorted())
        onPlane.insert(e.index);
    for (ParetoPlotPoint& p : points)
        p.onPlaneFront = onPlane.count(p.index) > 0;
}

} // namespace

std::vector<SensitivityRow> sensitivityRows(
    const SearchSpace& space, const ExploreCollector& collector)
{
    const auto& best = collector.best(0);
    const double overall = best ? objectiveValue(space.objectives.front(), *best) : 0;
    std::vector<SensitivityRow> rows;
    for (size_t a = 0; a < space.axes.size(); ++a)
        for (size_t v = 0; v < space.axes[a].values.size(); ++v) {
            SensitivityRow row { a, v, 0, 0, collector.sensitivityCount(a, v) };
            if (row.count > 0) {
                row.best = collector.sensitivity(a, v);
                row.ratio = row.best / overall;
            }
            rows.push_back(row);
        }
    return rows;
}

ExploreFigureData exploreFigureData(
    const SearchSpace& space, const std::string& pointsCsv, const std::string& where)
{
    std::istringstream in(pointsCsv);
    std::string line;
    if (!std::getline(in, line))
        throw MensaError(where, "empty points table");
    const size_t models = modelCount(space, line, where);
    ExploreFigureData data;
    data.spaceName = space.name;
    data.objective = space.objectives.front().name;
    for (const SearchAxis& axis : space.axes) {
        data.axisFields.push_back(axis.field);
        data.axisLabels.push_back(axis.labels);
    }
    ExploreCollector collector(space);
    for (size_t n = 2; std::getline(in, line); ++n) {
        const PointResult p
            = parsePointCsvRow(space, line, models, where + ":" + std::to_string(n));
        collector.add(p);
        data.points.push_back({ p.index, p.latency, p.energy, p.area, p.feasible, false, false });
    }
    std::sort(data.points.begin(), data.points.end(),
        [](const ParetoPlotPoint& a, const ParetoPlotPoint& b) { return a.index < b.index; });
    std::set<uint64_t> front;
    for (const PointResult& p : collector.front())
        front.insert(p.index);
    for (ParetoPlotPoint& p : data.points)
        p.onFront = front.count(p.index) > 0;
    markPlaneFront(data.points);
    data.sensitivity = sensitivityRows(space, collector);
    return data;
}

} // namespace mensa
