#pragma once

#include "schedule/Scheduler.h"

#include <vector>

namespace mensa {

// Pipe-it style streaming: the layer order is cut into contiguous stages, one accelerator
// each (distinct), balanced to minimise the slowest stage (compute plus the transfers the
// stage receives) and so maximise steady-state throughput. Several inferences are laid out
// in flight. Stages = min(requested, accelerators, layers).
class PipelineScheduler : public Scheduler {
public:
    // inferences: how many to lay out in the events (0: 2 * stages + 1).
    explicit PipelineScheduler(int stages, int inferences = 0);
    Schedule schedule(const Model& model, const CostTable& table) const override;

private:
    int m_stages;
    int m_inferences;
};

// Stage k runs layers [bounds[k], bounds[k+1]) on accelerators[k]; bounds has one more entry
// than accelerators, starts at 0 and ends at the layer count. Incoming transfers are the
// outputs of earlier stages that a stage's layers consume, each sent once per stage.
std::vector<PipelineStage> evaluateStages(const Model& model, const CostTable& table,
    const std::vector<int>& bounds, const std::vector<int>& accelerators);

} // namespace mensa
