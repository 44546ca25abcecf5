#include "session/AnalysisEngine.h"

namespace mensa {

LayerGrouping AnalysisEngine::groupJointly(
    const std::vector<std::shared_ptr<const Model>>& models) const
{
    std::vector<LayerGroups> groups;
    for (const auto& model : models)
        groups.push_back(group(*model));
    return LayerGroups::toGrouping(groups);
}

} // namespace mensa
