#pragma once

#include "model/Model.h"
#include "schedule/CostTable.h"
#include "schedule/Schedule.h"

namespace mensa {

// Maps the layers of a model onto a system's accelerators and lays them out in time.
// Variants beside it: SingleAcceleratorScheduler, MensaScheduler, PipelineScheduler.
class Scheduler {
public:
    virtual ~Scheduler() = default;
    // A timed schedule of `model` using costs from `table`; MensaError when none is possible.
    virtual Schedule schedule(const Model& model, const CostTable& table) const = 0;
};

} // namespace mensa
