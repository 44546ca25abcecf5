#include "schedule/MaeExplorer.h"

#include "util/Error.h"

#include <limits>

namespace mensa {
namespace {

// A unit that maps every layer (the GPU on Jetson Xavier), or -1.
int universalUnit(const CostTable& table)
{
    for (int a = 0; a < table.acceleratorCount(); ++a) {
        bool all = true;
        for (int l = 0; l < table.layerCount() && all; ++l)
            all = table.runnable(l, a);
        if (all)
            return a;
    }
    return -1;
}

// Among the units that map LAYER, the fastest one (fallback when no unit maps everything).
int fastestRunnable(const CostTable& table, int layer)
{
    int best = -1;
    for (int a = 0; a < table.acceleratorCount(); ++a)
        if (table.runnable(layer, a)
            && (best < 0 || table.at(layer, a).seconds < table.at(layer, best).seconds))
            best = a;
    return best;
}

MaeBaseline baselineOf(const Model& model, const CostTable& table, int unit, int fallback)
{
    MaeBaseline b;
    b.unit = unit;
    std::vector<int> assignment(table.layerCount(), unit);
    for (int l = 0; l < table.layerCount(); ++l)
        if (!table.runnable(l, unit)) {
            assignment[l] = fallback >= 0 ? fallback : fastestRunnable(table, l);
            if (assignment[l] < 0)
                throw MensaError("", "layer '" + model.layers[l].name + "' runs on no unit");
            ++b.fallbackLayers;
        }
    AssignmentCost c = evaluateAssignment(model, table, assignment);
    b.mapping = { assignment, c.latency, c.energy };
    b.label = table.acceleratorNames[unit];
    if (b.fallbackLayers > 0)
        b.label += " + " + (fallback >= 0 ? table.acceleratorNames[fallback] : "fastest unit")
            + " fallback (" + std::to_string(b.fallbackLayers)
            + (b.fallbackLayers == 1 ? " layer)" : " layers)");
    return b;
}

} // namespace

int unitTransitions(const Model& model, const std::vector<int>& assignment)
{
    int count = 0;
    for (int i = 0; i < int(assignment.size()); ++i)
        for (int p : model.predecessors(i))
            if (assignment[p] != assignment[i]) {
                ++count;
                break;
            }
    return count;
}

double maeWeightedCost(double weight, const Mapping& m, double latencyScale, double energyScale)
{
    return weight * m.latency / latencyScale + (1 - weight) * m.energy / energyScale;
}

MaeExplorer::MaeExplorer(int weightSteps, SearchOptions limits)
    : m_steps(std::max(2, weightSteps))
    , m_limits(limits)
{
    m_limits.paretoFront = true;
}

MaeReport MaeExplorer::explore(const Model& model, const CostTable& table) const
{
    table.validate(model);
    MaeReport report;
    SearchResult result = searchAssignments(model, table, m_limits);
    report.front = std::move(result.mappings);
    report.exact = result.exact;
    const int fallback = universalUnit(table);
    for (int a = 0; a < table.acceleratorCount(); ++a)
        report.baselines.push_back(baselineOf(model, table, a, fallback));
    report.latencyScale = std::numeric_limits<double>::infinity();
    report.energyScale = std::numeric_limits<double>::infinity();
    for (const auto& b : report.baselines) {
        report.latencyScale = std::min(report.latencyScale, b.mapping.latency);
        report.energyScale = std::min(report.energyScale, b.mapping.energy);
    }
    if (!(report.latencyScale > 0) || !(report.energyScale > 0))
        throw MensaError("", "MAE needs single-unit baselines with positive latency and energy");
    report.candidates = report.front;
    for (const auto& b : report.baselines)
        report.candidates.push_back(b.mapping);
    for (int k = 0; k < m_steps; ++k) {
        MaeWeightPoint p;
        p.weight = double(k) / (m_steps - 1);
        p.maeCost = p.baselineCost = std::numeric_limits<double>::infinity();
        for (int c = 0; c < int(report.candidates.size()); ++c) {
            double cost = maeWeightedCost(
                p.weight, report.candidates[c], report.latencyScale, report.energyScale);
            if (cost < p.maeCost)
                p.maeCost = cost, p.mappingIndex = c;
        }
        for (int b = 0; b < int(report.baselines.size()); ++b) {
            double cost = maeWeightedCost(
                p.weight, report.baselines[b].mapping, report.latencyScale, report.energyScale);
            if (cost < p.baselineCost)
                p.baselineCost = cost, p.baselineIndex = b;
        }
        p.maeg = 1 - p.maeCost / p.baselineCost;
        if (report.bestPoint < 0 || p.maeg > report.sweep[report.bestPoint].maeg)
            report.bestPoint = k;
        report.sweep.push_back(p);
    }
    return report;
}

} // namespace mensa
