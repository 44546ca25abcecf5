#include "session/CoreAnalysisEngine.h"

#include "analysis/Analysis.h"
#include "cluster/LayerClustering.h"
#include "cost/SystemLoader.h"
#include "onnx/OnnxImporter.h"

namespace mensa {

Model CoreAnalysisEngine::importModel(const std::string& path, const ImportOptions& options) const
{
    return importOnnxFile(path, options);
}

AcceleratorSystem CoreAnalysisEngine::loadSystem(const std::string& nameOrPath) const
{
    return mensa::loadSystem(nameOrPath);
}

DesignRun CoreAnalysisEngine::run(
    const Model& model, const AcceleratorSystem& system, const MappingPolicy& policy) const
{
    return runOnDesign(model, system, policy);
}

LayerGroups CoreAnalysisEngine::group(const Model& model) const
{
    // Core's grouping of one model (the same code groups several models jointly).
    const auto shared = std::shared_ptr<const Model>(&model, [](const Model*) {});
    return LayerGroups::fromGrouping(groupLayers({ shared }), 0);
}

LayerGrouping CoreAnalysisEngine::groupJointly(
    const std::vector<std::shared_ptr<const Model>>& models) const
{
    return groupLayers(models);
}

} // namespace mensa
