#pragma once

#include "schedule/Scheduler.h"

namespace mensa {

// Baseline: every layer on one accelerator of the system.
class SingleAcceleratorScheduler : public Scheduler {
public:
    explicit SingleAcceleratorScheduler(int accelerator)
        : m_accelerator(accelerator)
    {
    }
    Schedule schedule(const Model& model, const CostTable& table) const override;

private:
    int m_accelerator;
};

} // namespace mensa
