#pragma once

#include "cost/CostModel.h"
#include "model/Model.h"

#include <functional>
#include <string>
#include <vector>

namespace mensa {

// Every layer's cost on every accelerator of a system, plus how tensors move between
// accelerators: all that schedulers need, precomputed once (tests fill it directly).
struct CostTable {
    std::string systemName;
    std::vector<std::string> acceleratorNames;
    // [layer x acceleratorCount() + accelerator]: one block, not a vector per layer (a table is
    // rebuilt per residency round: one allocation instead of one per layer).
    std::vector<LayerCost> cells;
    // Cost of moving `bytes` from accelerator `from` to `to` (from != to).
    std::function<TransferCost(int from, int to, double bytes)> transfer;
    std::vector<std::string> linkNames;
    // Link carrying from -> to as an index into linkNames, or -1 for the shared memory path.
    std::function<int(int from, int to)> linkIndex;
    // The residency plan the costs were computed under (empty for the plan-free table).
    std::vector<EvaluationContext> placement;

    int layerCount() const
    {
        return acceleratorNames.empty() ? 0 : int(cells.size() / acceleratorNames.size());
    }
    int acceleratorCount() const { return int(acceleratorNames.size()); }
    const LayerCost& at(int layer, int accelerator) const
    {
        return cells[size_t(layer) * acceleratorNames.size() + size_t(accelerator)];
    }
    LayerCost& at(int layer, int accelerator)
    {
        return cells[size_t(layer) * acceleratorNames.size() + size_t(accelerator)];
    }
    bool runnable(int layer, int accelerator) const { return at(layer, accelerator).mapped; }
    // Appends one layer's costs, one per accelerator (acceleratorNames is set first).
    void addRow(std::vector<LayerCost> row);
    // Throws MensaError when the table does not match the model or lacks a transfer function.
    void validate(const Model& model) const;
};

// Evaluates every layer of `model` on every accelerator of `system`, each layer alone
// (its parameters resident whenever they fit the accelerator's parameter buffer).
// Each layer's mapping onto an array is the one best for `objective` (EvaluationContext).
CostTable buildCostTable(const Model& model, const AcceleratorSystem& system,
    const Objective& objective = Objective::defaults());

// The same with parameter residency planned for a mapping, as whole-model simulation does
// (layers compete for each accelerator's parameter buffer in layer order, see
// cost/Simulation.h). A layer costed on an accelerator the mapping does not give it gets
// the room that the mapping leaves free there.
CostTable buildCostTable(const Model& model, const AcceleratorSystem& system,
    const std::vector<int>& residencyAssignment,
    const Objective& objective = Objective::defaults());

// Bytes a layer sends to a consumer on another accelerator: its output activations.
double transferBytes(const Model& model, int layer);

// Serial latency (layer + transfer seconds) and energy of an assignment; each tensor crosses
// to a given accelerator once, however many layers there consume it.
struct AssignmentCost {
    double latency = 0;
    double energy = 0;
    bool feasible = true; // false when a layer is placed where it cannot be mapped
};
AssignmentCost evaluateAssignment(
    const Model& model, const CostTable& table, const std::vector<int>& assignment);

} // namespace mensa
