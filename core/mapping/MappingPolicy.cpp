#include "mapping/MappingPolicy.h"

#include "util/Error.h"

namespace mensa {

MappingPolicy MappingPolicy::parse(const std::string& objective, int pipelineStages)
{
    if (pipelineStages < 0 || pipelineStages > 64)
        throw MensaError("",
            "--pipeline needs a stage count between 1 and 64 (got '"
                + std::to_string(pipelineStages) + "')");
    MappingPolicy policy;
    policy.objective = Objective::parse(objective);
    policy.pipelineStages = pipelineStages;
    return policy;
}

std::string MappingPolicy::name() const
{
    if (pipelineStages > 0)
        return "pipeline:" + std::to_string(pipelineStages);
    return objective.toString();
}

std::string MappingPolicy::describe() const
{
    const std::string mapping = pipelineStages > 0
        ? std::to_string(pipelineStages) + " pipeline stages balanced for throughput"
        : "layers mapped to minimise " + objective.toString();
    return "mapping policy " + name() + ": " + mapping
        + "; parameters resident per accelerator in layer order while they fit, the rest streamed"
          "; each tensor crosses to another accelerator once";
}

} // namespace mensa
