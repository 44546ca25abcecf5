#pragma once

#include "session/AnalysisEngine.h"
#include "session/AnalysisResults.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mensa {

// Inputs of one analysis job, copied so the worker shares nothing mutable with the GUI.
struct AnalysisJobInput {
    std::shared_ptr<const AnalysisEngine> engine;
    int modelId = -1;
    uint64_t generation = 0;
    std::string path;
    ImportOptions importOptions;
    std::shared_ptr<const Model> cachedModel; // reused when only designs changed
    std::vector<std::string> designs;
    std::map<std::string, std::string> specTexts; // in-memory specs by design name
    // Results of a previous job on the same model that are still valid (designs unchanged
    // since): reused instead of re-simulated.
    std::map<std::string, DesignResult> reusable;
    std::shared_ptr<const LayerGroups> reusableGroups; // the cached model's groups, if known
    MappingPolicy policy; // the one policy every design is run under
};

// Runs import (unless cached), every design under the policy (core's runOnDesign) and grouping.
// Returns null when cancelled; throws MensaError when the model cannot be imported.
ModelAnalysisPtr runAnalysisJob(const AnalysisJobInput& input, JobControl& control);

} // namespace mensa
