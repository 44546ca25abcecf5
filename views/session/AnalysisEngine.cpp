#include "session/AnalysisEngine.h"

#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"

namespace mensa {

AcceleratorSystem AnalysisEngine::systemFromText(
    const std::string& text, const std::string& displayName) const
{
    AcceleratorSystem system = buildSystem(parseSystemSpecText(text, displayName));
    system.sourceText = text;
    return system;
}

LayerGrouping AnalysisEngine::groupJointly(
    const std::vector<std::shared_ptr<const Model>>& models) const
{
    std::vector<LayerGroups> groups;
    for (const auto& model : models)
        groups.push_back(group(*model));
    return LayerGroups::toGrouping(groups);
}

} // namespace mensa
