#pragma once

#include "analysis/Analysis.h"
#include "mapping/DesignRun.h"
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
    // The model is imported and costing starts: views that need only the model may show it.
    virtual void imported(const std::shared_ptr<const Model>& model) { (void)model; }
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
    // The accelerator system of an in-memory spec (protobuf text, the accelerator editor's
    // designs), parsed and validated by core; throws MensaError naming `displayName`.
    virtual AcceleratorSystem systemFromText(
        const std::string& text, const std::string& displayName) const;
    // The model run on a design under a mapping policy (core's runOnDesign); throws MensaError.
    virtual DesignRun run(
        const Model& model, const AcceleratorSystem& system, const MappingPolicy& policy) const = 0;
    // Clusters and families of the model's layers; never throws for a characterised model.
    virtual LayerGroups group(const Model& model) const = 0;
    // Clusters and families of several models computed jointly (one set of clusters); the
    // default groups each model alone. Never throws for characterised models.
    virtual LayerGrouping groupJointly(
        const std::vector<std::shared_ptr<const Model>>& models) const;
};

} // namespace mensa
