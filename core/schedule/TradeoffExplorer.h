#pragma once

#include "schedule/AssignmentSearch.h"

#include <string>
#include <vector>

namespace mensa {

// Mensa Studio weighted gain (MSWG), this tool's own metric (docs/scheduling.md): the
// weighted relative saving of a mapping m over the least favourable single-accelerator one,
//   G_w(m) = min_s [ w (T_s - T_m) / T_s + (1 - w) (E_s - E_m) / E_s ]
// over single-accelerator mappings s that run every layer. > 0: m beats every single
// accelerator under weight w; 0.2 means a 20% weighted saving over the best of them.
double weightedGain(double weight, const Mapping& mapping, const std::vector<Mapping>& singles);

struct TradeoffPoint {
    double weight = 0; // latency weight w of the weighted objective
    int frontIndex = -1; // the front mapping that minimises it
    double gain = 0; // MSWG of that mapping at w
    int bestGainIndex = -1; // the front mapping with the highest MSWG at w
    double bestGain = 0;
};

struct TradeoffReport {
    std::vector<Mapping> front; // (serial latency, energy) Pareto front, by latency
    std::vector<TradeoffPoint> sweep; // w = 0, 1/(steps-1), ..., 1
    std::vector<Mapping> singles; // single-accelerator mappings that run every layer
    std::vector<int> singleAccelerator; // accelerator of each of them
    double latencyScale = 1, energyScale = 1; // L0, E0 of the weighted objective
    bool exact = true; // false when the front search was pruned
    int bestSweepPoint = -1; // highest gain
};

// Dagli & Belviranli style exploration of layer-to-accelerator mappings: the whole
// latency/energy Pareto front, and for each weight the weighted optimum and its gain.
class TradeoffExplorer {
public:
    explicit TradeoffExplorer(int weightSteps = 11, SearchOptions limits = {});
    TradeoffReport explore(const Model& model, const CostTable& table) const;

private:
    int m_steps;
    SearchOptions m_limits;
};

} // namespace mensa
