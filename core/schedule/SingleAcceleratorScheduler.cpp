#include "schedule/SingleAcceleratorScheduler.h"

#include "schedule/Timeline.h"
#include "util/Error.h"

namespace mensa {

Schedule SingleAcceleratorScheduler::schedule(const Model& model, const CostTable& table) const
{
    table.validate(model);
    if (m_accelerator < 0 || m_accelerator >= table.acceleratorCount())
        throw MensaError("",
            "no accelerator " + std::to_string(m_accelerator) + " in system '" + table.systemName
                + "'");
    const std::string& name = table.acceleratorNames[m_accelerator];
    for (int i = 0; i < table.layerCount(); ++i)
        if (!table.runnable(i, m_accelerator))
            throw MensaError("",
                "layer '" + model.layers[i].name + "' cannot run on " + name + ": "
                    + table.at(i, m_accelerator).failureReason);
    return buildTimeline(
        model, table, std::vector<int>(table.layerCount(), m_accelerator), "single:" + name);
}

} // namespace mensa
