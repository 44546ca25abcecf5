#include "schedule/CostTable.h"

#include "util/Error.h"

#include <algorithm>

namespace mensa {

void CostTable::validate(const Model& model) const
{
    if (acceleratorNames.empty())
        throw MensaError("", "the system has no accelerator");
    if (acceleratorNames.size() > 8)
        throw MensaError("", "schedulers support at most 8 accelerators");
    if (cells.size() % acceleratorNames.size() != 0)
        throw MensaError("", "cost table rows must have one entry per accelerator");
    if (layerCount() != int(model.layers.size()))
        throw MensaError("", "cost table does not match model '" + model.name + "'");
    if (acceleratorCount() > 1 && !transfer)
        throw MensaError("", "cost table has no transfer function");
    for (int i = 0; i < layerCount(); ++i)
        for (int p : model.predecessors(i))
            if (p >= i)
                throw MensaError("", "model '" + model.name + "' is not in topological order");
}

void CostTable::addRow(std::vector<LayerCost> row)
{
    if (row.size() != acceleratorNames.size())
        throw MensaError("", "cost table rows must have one entry per accelerator");
    cells.insert(
        cells.end(), std::make_move_iterator(row.begin()), std::make_move_iterator(row.end()));
}

double transferBytes(const Model& model, int layer)
{
    return double(model.layers[layer].metrics.outputActBytes);
}

AssignmentCost evaluateAssignment(
    const Model& model, const CostTable& table, const std::vector<int>& assignment)
{
    AssignmentCost cost;
    const int n = table.layerCount();
    std::vector<unsigned> delivered(n, 0); // accelerators each layer's output was sent to
    for (int i = 0; i < n; ++i) {
        const int a = assignment[i];
        const LayerCost& c = table.at(i, a);
        cost.feasible &= c.mapped;
        cost.latency += c.seconds;
        cost.energy += c.energy.total();
        for (int p : model.predecessors(i)) {
            if (assignment[p] == a || (delivered[p] >> a & 1u))
                continue;
            delivered[p] |= 1u << a;
            TransferCost t = table.transfer(assignment[p], a, transferBytes(model, p));
            cost.latency += t.seconds;
            cost.energy += t.joules;
        }
    }
    return cost;
}

} // namespace mensa
