#pragma once

#include "session/AnalysisEngine.h"
#include "session/AnalysisResults.h"

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
};

// Runs import (unless cached), per-layer simulation of every design, scheduling and grouping.
// Returns null when cancelled; throws MensaError when the model cannot be imported.
ModelAnalysisPtr runAnalysisJob(const AnalysisJobInput& input, JobControl& control);

// Per-accelerator costs of every layer; returns false when cancelled midway.
bool simulateLayers(const Model& model, const AcceleratorSystem& system, JobControl& control,
                    std::vector<std::vector<LayerCost>>& costs);

} // namespace mensa
