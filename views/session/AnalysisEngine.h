#pragma once

#include "onnx/OnnxImporter.h"
#include "session/AnalysisResults.h"

#include <string>

namespace mensa {

// Lets a long engine call give up early and report how far it got. Called from worker threads.
class JobControl {
public:
    virtual ~JobControl() = default;
    // True once the job was cancelled or superseded; engines check it between layers.
    virtual bool cancelled() const = 0;
    // Progress of the current stage: `done` of `total` steps.
    virtual void report(int done, int total, const std::string& stage) = 0;
};

// The analysis steps the session runs off the GUI thread. One interface, variants beside it:
// CoreAnalysisEngine (the real core library) and hand-built engines in tests.
class AnalysisEngine {
public:
    virtual ~AnalysisEngine() = default;
    // Reads, shape-infers and characterises a model file; throws MensaError on bad input.
    virtual Model importModel(const std::string& path, const ImportOptions& options) const = 0;
    // The accelerator system for a preset name or a spec path; throws MensaError.
    virtual AcceleratorSystem loadSystem(const std::string& nameOrPath) const = 0;
    // Schedule of a model on a system given per-accelerator layer costs; throws MensaError.
    virtual Schedule schedule(const Model& model, const AcceleratorSystem& system,
                              const std::vector<std::vector<LayerCost>>& costs) const = 0;
    // Clusters and families of the model's layers; never throws for a characterised model.
    virtual LayerGroups group(const Model& model) const = 0;
};

} // namespace mensa
