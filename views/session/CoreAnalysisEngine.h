#pragma once

#include "session/AnalysisEngine.h"

namespace mensa {

// The engine over the core library: ONNX importer, spec-driven cost models, the Mensa and
// single-accelerator schedulers, k-means clustering and the rule-based family classifier.
class CoreAnalysisEngine : public AnalysisEngine {
public:
    Model importModel(const std::string& path, const ImportOptions& options) const override;
    AcceleratorSystem loadSystem(const std::string& nameOrPath) const override;
    DesignRun run(const Model& model, const AcceleratorSystem& system,
        const MappingPolicy& policy) const override;
    LayerGroups group(const Model& model) const override;
    LayerGrouping groupJointly(
        const std::vector<std::shared_ptr<const Model>>& models) const override;
};

} // namespace mensa
