#pragma once

#include "session/AnalysisEngine.h"

namespace mensa {

// The engine over the core library: ONNX importer, spec-driven cost models, the Mensa and
// single-accelerator schedulers, k-means clustering and the rule-based family classifier.
class CoreAnalysisEngine : public AnalysisEngine {
public:
    Model importModel(const std::string& path, const ImportOptions& options) const override;
    AcceleratorSystem loadSystem(const std::string& nameOrPath) const override;
    Schedule schedule(const Model& model, const AcceleratorSystem& system,
                      const std::vector<std::vector<LayerCost>>& costs) const override;
    LayerGroups group(const Model& model) const override;
};

} // namespace mensa
