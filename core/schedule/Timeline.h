#pragma once

#include "model/Model.h"
#include "schedule/CostTable.h"
#include "schedule/Schedule.h"

#include <string>
#include <vector>

namespace mensa {

// Lays out `inferences` back-to-back runs of a model under an assignment as timed events:
// layers in model order, one at a time per accelerator; a layer starts once its producers
// (or the transfers of their outputs) are done; a tensor crosses to an accelerator once,
// on the link between the two (or the shared memory path when there is none), sequentially
// per link, and only after the receiving accelerator has finished its previous work (one
// input buffer, no double buffering). Energy figures are per inference; the critical path
// is the chain of events that fixed the start of the last event to finish. With requireMapped
// false a layer the accelerator cannot map runs at its vector-path estimate instead of failing.
Schedule buildTimeline(const Model& model, const CostTable& table,
    const std::vector<int>& assignment, const std::string& strategy, int inferences = 1,
    bool requireMapped = true);

} // namespace mensa
