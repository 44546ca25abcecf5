#pragma once

#include "schedule/AssignmentSearch.h"

#include <string>
#include <vector>

namespace mensa {

// One processing unit running the whole model alone, as TensorRT runs it: layers the unit
// cannot map fall back to a unit that runs every layer (the GPU on Jetson Xavier).
struct MaeBaseline {
    std::string label; // "gpu", "dla0 + gpu fallback (3 layers)"
    int unit = -1;
    int fallbackLayers = 0;
    Mapping mapping;
};

struct MaeWeightPoint {
    double weight = 0; // latency weight w
    int mappingIndex = -1; // into MaeReport::candidates: the MAE mapping minimising C_w
    int baselineIndex = -1; // into MaeReport::baselines: the best single unit under C_w
    double maeCost = 0, baselineCost = 0; // C_w of both
    double maeg = 0; // 1 - maeCost / baselineCost
};

struct MaeReport {
    std::vector<Mapping> front; // (latency, energy) Pareto front of layer-to-unit mappings
    std::vector<MaeBaseline> baselines;
    // MAE candidates: the front plus the baselines (a baseline is itself a legal mapping).
    std::vector<Mapping> candidates;
    std::vector<MaeWeightPoint> sweep; // w = 0, 1/(steps-1), ..., 1
    double latencyScale = 1, energyScale = 1; // L0, E0: best baseline latency and energy
    bool exact = true; // false when the front search was pruned
    int bestPoint = -1; // sweep point with the highest MAEG
    double maeg() const { return bestPoint >= 0 ? sweep[bestPoint].maeg : 0.0; }
};

// Hand-overs between units in a mapping (layers whose input comes from another unit).
int unitTransitions(const Model& model, const std::vector<int>& assignment);

// The normalised weighted cost C_w(m) = w T_m / L0 + (1 - w) E_m / E0.
double maeWeightedCost(double weight, const Mapping& m, double latencyScale, double energyScale);

// Multi-accelerator execution (Dagli & Belviranli, RSDHA 2021) on a cost table: the
// latency/energy front of layer-to-unit mappings (transfers between units charged on the
// table's links), each unit alone with GPU fallback, and the multi-accelerator execution
// gain per latency weight w,
//   MAEG(w) = 1 - min_{m in MAE} C_w(m) / min_{b in baselines} C_w(b),
// the share of the weighted energy/latency cost that layer-wise mapping saves over the best
// single unit (docs/processors.md; the closest defensible reading of the paper's MAEG, whose
// exact formula this tool could not consult). The headline MAEG is the largest over w.
class MaeExplorer {
public:
    explicit MaeExplorer(int weightSteps = 11, SearchOptions limits = {});
    // Throws MensaError when some layer runs on no unit or no baseline exists.
    MaeReport explore(const Model& model, const CostTable& table) const;

private:
    int m_steps;
    SearchOptions m_limits;
};

} // namespace mensa
