#include "schedule/TradeoffExplorer.h"

#include "util/Error.h"

#include <algorithm>
#include <limits>

namespace mensa {

double weightedGain(double weight, const Mapping& mapping, const std::vector<Mapping>& singles)
{
    double gain = std::numeric_limits<double>::infinity();
    for (const Mapping& s : singles) {
        double dt = s.latency > 0 ? (s.latency - mapping.latency) / s.latency : 0;
        double de = s.energy > 0 ? (s.energy - mapping.energy) / s.energy : 0;
        gain = std::min(gain, weight * dt + (1 - weight) * de);
    }
    return singles.empty() ? 0.0 : gain;
}

TradeoffExplorer::TradeoffExplorer(int weightSteps, SearchOptions limits)
    : m_steps(std::max(2, weightSteps))
    , m_limits(limits)
{
    m_limits.paretoFront = true;
}

TradeoffReport TradeoffExplorer::explore(const Model& model, const CostTable& table) const
{
    SearchResult result = searchAssignments(model, table, m_limits);
    TradeoffReport report;
    report.front = std::move(result.mappings);
    report.exact = result.exact;
    report.latencyScale = result.latencyScale;
    report.energyScale = result.energyScale;
    for (int a = 0; a < table.acceleratorCount(); ++a) {
        std::vector<int> all(table.layerCount(), a);
        AssignmentCost c = evaluateAssignment(model, table, all);
        if (!c.feasible)
            continue;
        report.singles.push_back({ all, c.latency, c.energy });
        report.singleAccelerator.push_back(a);
    }
    double bestGain = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < m_steps; ++k) {
        TradeoffPoint p;
        p.weight = double(k) / (m_steps - 1);
        double bestScore = std::numeric_limits<double>::infinity();
        for (int f = 0; f < int(report.front.size()); ++f) {
            const Mapping& m = report.front[f];
            double score = p.weight * m.latency / report.latencyScale
                + (1 - p.weight) * m.energy / report.energyScale;
            if (score < bestScore) {
                bestScore = score;
                p.frontIndex = f;
            }
        }
        p.gain = weightedGain(p.weight, report.front[p.frontIndex], report.singles);
        p.bestGain = -std::numeric_limits<double>::infinity();
        for (int f = 0; f < int(report.front.size()); ++f) {
            double g = weightedGain(p.weight, report.front[f], report.singles);
            if (g > p.bestGain) {
                p.bestGain = g;
                p.bestGainIndex = f;
            }
        }
        if (p.gain > bestGain) {
            bestGain = p.gain;
            report.bestSweepPoint = k;
        }
        report.sweep.push_back(p);
    }
    return report;
}

} // namespace mensa
