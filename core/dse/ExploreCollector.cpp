#include "dse/ExploreCollector.h"

#include "util/TextFormat.h"

#include <algorithm>
#include <set>

namespace mensa {
namespace {

std::string exact(double v)
{
    return formatExact(v);
}

double maxLatencyMs(const PointResult& p)
{
    double worst = 0;
    for (const ModelMetrics& m : p.perModel)
        worst = std::max(worst, m.latency * 1e3);
    return worst;
}

double maxEnergyMj(const PointResult& p)
{
    double worst = 0;
    for (const ModelMetrics& m : p.perModel)
        worst = std::max(worst, m.energy * 1e3);
    return worst;
}

} // namespace

ExploreTally& ExploreTally::operator+=(const ExploreTally& other)
{
    evaluated += other.evaluated;
    invalid += other.invalid;
    overArea += other.overArea;
    feasible += other.feasible;
    return *this;
}

ExploreCollector::ExploreCollector(const SearchSpace& space)
    : m_space(space)
    , m_best(space.objectives.size())
    , m_bestPerVariant(space.variants.size())
{
    for (const SearchAxis& axis : space.axes) {
        m_sensitivity.emplace_back(axis.values.size(), kNone);
        m_sensitivityCount.emplace_back(axis.values.size(), 0);
    }
}

void ExploreCollector::addUnsimulated(uint64_t invalid, uint64_t overArea)
{
    m_tally.invalid += invalid;
    m_tally.overArea += overArea;
}

void ExploreCollector::add(const PointResult& point)
{
    if (point.status == PointStatus::Invalid) {
        if (m_tally.invalid++ == 0)
            m_firstInvalid = point.problem;
        return;
    }
    if (point.status == PointStatus::OverArea) {
        ++m_tally.overArea;
        m_minArea = std::min(m_minArea, point.area);
        return;
    }
    ++m_tally.evaluated;
    track(point);
    if (!meetsConstraints(m_space, point))
        return;
    ++m_tally.feasible;
    std::vector<double> metrics { point.latency, point.energy, point.area };
    if (m_space.hasModelAxis())
        metrics.push_back(100.0 - point.top1);
    if (m_front.add({ point.index, std::move(metrics) })) {
        std::set<uint64_t> kept;
        for (const ParetoEntry& e : m_front.sorted())
            kept.insert(e.index);
        std::erase_if(m_frontPoints, [&](const auto& item) { return !kept.count(item.first); });
        m_frontPoints[point.index] = point;
    }
    const std::vector<int> choices = m_space.choicesOf(point.index);
    const double primary = objectiveValue(m_space.objectives.front(), point);
    for (size_t a = 0; a < choices.size(); ++a) {
        double& best = m_sensitivity[a][size_t(choices[a])];
        best = std::min(best, primary);
        ++m_sensitivityCount[a][size_t(choices[a])];
    }
    for (size_t k = 0; k < m_best.size(); ++k)
        keepBetter(m_best[k], point, m_space.objectives[k]);
    if (m_space.hasModelAxis())
        keepBetter(m_bestPerVariant[size_t(choices.front())], point, m_space.objectives.front());
}

void ExploreCollector::keepBetter(
    std::optional<PointResult>& best, const PointResult& point, const SearchObjective& objective)
{
    if (!best) {
        best = point;
        return;
    }
    const double value = objectiveValue(objective, point);
    const double bestValue = objectiveValue(objective, *best);
    if (value < bestValue || (value == bestValue && point.index < best->index))
        best = point;
}

void ExploreCollector::track(const PointResult& point)
{
    const double latencyMs = maxLatencyMs(point);
    m_minArea = std::min(m_minArea, point.area);
    m_minPower = std::min(m_minPower, point.power);
    m_minLatencyMs = std::min(m_minLatencyMs, latencyMs);
    m_maxTop1 = std::max(m_maxTop1, point.top1);
    m_minEnergyMj = std::min(m_minEnergyMj, maxEnergyMj(point));
}

std::vector<PointResult> ExploreCollector::front() const
{
    std::vector<PointResult> out;
    for (const auto& [index, point] : m_frontPoints)
        out.push_back(point);
    return out;
}

std::string ExploreCollector::infeasibleProblem() const
{
    if (m_tally.feasible > 0)
        return "";
    if (m_tally.evaluated == 0 && m_tally.overArea == 0)
        return m_space.file + ": no point of the space is a valid design ("
            + std::to_string(m_tally.invalid) + " refused by the spec validator"
            + (m_firstInvalid.empty() ? "" : ", e.g. " + m_firstInvalid) + ")";
    // The first bound that even the best point on that metric breaks, else the block.
    if (m_space.maxAreaMm2 && m_minArea > m_space.maxAreaMm2->value)
        return m_space.maxAreaMm2->where + ": constraints: no point has area <= "
            + exact(m_space.maxAreaMm2->value) + " mm^2 (smallest " + exact(m_minArea) + ")";
    if (m_space.maxPowerW && m_minPower > m_space.maxPowerW->value)
        return m_space.maxPowerW->where + ": constraints: no point has power <= "
            + exact(m_space.maxPowerW->value) + " W (smallest " + exact(m_minPower) + ")";
    if (m_space.minTop1 && m_maxTop1 < m_space.minTop1->value)
        return m_space.minTop1->where + ": constraints: no variant of the model axis has top-1 >= "
            + exact(m_space.minTop1->value) + " % (best " + exact(m_maxTop1) + ")";
    if (m_space.maxEnergyMj && m_minEnergyMj > m_space.maxEnergyMj->value)
        return m_space.maxEnergyMj->where
            + ": constraints: no point has energy <= " + exact(m_space.maxEnergyMj->value)
            + " mJ on every model (smallest " + exact(m_minEnergyMj) + ")";
    if (m_space.maxLatencyMs && m_minLatencyMs > m_space.maxLatencyMs->value)
        return m_space.maxLatencyMs->where
            + ": constraints: no point has latency <= " + exact(m_space.maxLatencyMs->value)
            + " ms on every model (smallest " + exact(m_minLatencyMs) + ")";
    return m_space.constraintsWhere
        + ": constraints: no evaluated point meets all the constraints together";
}

} // namespace mensa
