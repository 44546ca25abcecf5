#include "onnx/WeightDensity.h"

#include "prune/ModelPruner.h"
#include "util/Error.h"
#include "util/TextFormat.h"

#include <map>
#include <string>

namespace mensa {
namespace {

double parseDensity(const std::string& key, const std::string& value)
{
    const auto d = parseNumber(value);
    if (!d || !(*d >= 0 && *d <= 1))
        throw MensaError("", "metadata '" + key + "' = '" + value + "' is not a density in [0, 1]");
    return *d;
}

} // namespace

void applyWeightDensity(const onnx::ModelProto& proto, Model& model)
{
    const std::string prefix = kWeightDensityKey;
    std::map<std::string, double> density;
    for (const auto& entry : proto.metadata_props())
        if (entry.key().rfind(prefix, 0) == 0)
            density[entry.key().substr(prefix.size())] = parseDensity(entry.key(), entry.value());
    if (density.empty())
        return;
    for (Layer& layer : model.layers) {
        double elements = 0, nonZero = 0;
        for (const std::string& param : layer.params) {
            const TensorInfo* info = model.tensor(param);
            if (!info)
                continue;
            const double n = double(info->elementCount());
            auto it = density.find(param);
            elements += n;
            nonZero += n * (it == density.end() ? 1.0 : it->second);
        }
        if (elements > 0)
            layer.metrics.weightDensity = nonZero / elements;
    }
}

} // namespace mensa
