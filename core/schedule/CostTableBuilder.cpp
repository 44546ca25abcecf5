#include "schedule/CostTable.h"

namespace mensa {

CostTable buildCostTable(const Model& model, const AcceleratorSystem& system)
{
    CostTable table;
    table.systemName = system.name;
    for (const auto& acc : system.accelerators)
        table.acceleratorNames.push_back(acc->name());
    table.costs.reserve(model.layers.size());
    for (const auto& layer : model.layers) {
        std::vector<LayerCost> row;
        for (const auto& acc : system.accelerators)
            row.push_back(acc->evaluate(layer));
        table.costs.push_back(std::move(row));
    }
    for (const auto& link : system.links)
        table.linkNames.push_back(link.name);
    // A copy (shared cost models) keeps the table valid after the caller's system is gone.
    auto copy = std::make_shared<const AcceleratorSystem>(system);
    table.transfer = [copy](int from, int to, double bytes) { return copy->transfer(from, to, bytes); };
    table.linkIndex = [copy](int from, int to) { return copy->linkIndex(from, to); };
    return table;
}

} // namespace mensa
