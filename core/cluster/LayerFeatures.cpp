#include "cluster/LayerFeatures.h"

#include <cmath>

namespace mensa {

std::string_view toString(LayerFeature feature)
{
    switch (feature) {
    case LayerFeature::ParamBytes:
        return "Parameter footprint (B)";
    case LayerFeature::FlopPerByte:
        return "FLOP/B";
    case LayerFeature::Macs:
        return "MACs";
    case LayerFeature::ActivationBytes:
        return "Activation footprint (B)";
    case LayerFeature::ParamReuse:
        return "Parameter reuse";
    case LayerFeature::Count:
        break;
    }
    return "?";
}

std::string_view columnName(LayerFeature feature)
{
    switch (feature) {
    case LayerFeature::ParamBytes:
        return "param_bytes";
    case LayerFeature::FlopPerByte:
        return "flop_per_byte";
    case LayerFeature::Macs:
        return "macs";
    case LayerFeature::ActivationBytes:
        return "activation_bytes";
    case LayerFeature::ParamReuse:
        return "param_reuse";
    case LayerFeature::Count:
        break;
    }
    return "?";
}

FeatureVector layerFeatures(const Layer& layer)
{
    const LayerMetrics& m = layer.metrics;
    FeatureVector f {};
    f[int(LayerFeature::ParamBytes)] = double(m.paramBytes);
    f[int(LayerFeature::FlopPerByte)] = m.flopPerByte;
    f[int(LayerFeature::Macs)] = double(m.macs);
    f[int(LayerFeature::ActivationBytes)] = double(m.activationBytes());
    f[int(LayerFeature::ParamReuse)] = m.paramReuse;
    int64_t steps = layer.nest.steps;
    if (isRecurrent(layer.kind) && steps > 1) {
        double macsPerStep = m.macsPerStep > 0 ? double(m.macsPerStep) : double(m.macs) / steps;
        double bytesPerStep = double(m.paramBytes) + double(m.activationBytes()) / steps;
        f[int(LayerFeature::FlopPerByte)] = bytesPerStep > 0 ? 2.0 * macsPerStep / bytesPerStep : 0;
        f[int(LayerFeature::ParamReuse)] = m.params > 0 ? macsPerStep / double(m.params) : 0;
    }
    for (double& v : f)
        v = std::isfinite(v) && v > 0 ? v : 0.0;
    return f;
}

LayerSample collectLayers(const std::vector<const Model*>& models, bool allLayers)
{
    LayerSample sample;
    for (int mi = 0; mi < int(models.size()); ++mi) {
        const auto& layers = models[mi]->layers;
        for (int li = 0; li < int(layers.size()); ++li) {
            if (!allLayers && !isCompute(layers[li].kind))
                continue;
            sample.refs.push_back({ mi, li });
            sample.raw.push_back(layerFeatures(layers[li]));
        }
    }
    return sample;
}

StandardizedFeatures standardize(const std::vector<FeatureVector>& raw)
{
    constexpr int d = kLayerFeatureCount;
    StandardizedFeatures out;
    const size_t n = raw.size();
    out.values.resize(n * d);
    for (size_t i = 0; i < n; ++i)
        for (int f = 0; f < d; ++f)
            out.values[i * d + f] = std::log10(1.0 + raw[i][f]);
    for (int f = 0; f < d; ++f) {
        double sum = 0, sumSq = 0;
        for (size_t i = 0; i < n; ++i)
            sum += out.values[i * d + f];
        double mean = n ? sum / n : 0;
        for (size_t i = 0; i < n; ++i)
            sumSq += (out.values[i * d + f] - mean) * (out.values[i * d + f] - mean);
        double sd = n ? std::sqrt(sumSq / n) : 0;
        out.mean[f] = mean;
        out.stddev[f] = sd > 1e-12 ? sd : 1.0;
        for (size_t i = 0; i < n; ++i)
            out.values[i * d + f] = (out.values[i * d + f] - mean) / out.stddev[f];
    }
    return out;
}

FeatureVector StandardizedFeatures::toOriginalUnits(const FeatureVector& standardized) const
{
    FeatureVector out {};
    for (int f = 0; f < kLayerFeatureCount; ++f)
        out[f] = std::pow(10.0, standardized[f] * stddev[f] + mean[f]) - 1.0;
    return out;
}

} // namespace mensa
