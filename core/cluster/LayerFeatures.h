#pragma once

#include "model/LayerRef.h"
#include "model/Model.h"

#include <array>
#include <string_view>
#include <vector>

namespace mensa {

// The axes of the Mensa layer study that clustering and the family rules use.
enum class LayerFeature { ParamBytes, FlopPerByte, Macs, ActivationBytes, ParamReuse, Count };
constexpr int kLayerFeatureCount = static_cast<int>(LayerFeature::Count);
using FeatureVector = std::array<double, kLayerFeatureCount>;

std::string_view toString(LayerFeature feature);
// Short machine name (csv/json column): "param_bytes", "flop_per_byte", ...
std::string_view columnName(LayerFeature feature);

// Raw feature values of one characterised layer. Recurrent layers use per-time-step
// parameter reuse and FLOP/B: edge accelerators stream the gate weights again at every
// step (the Mensa observation), so whole-sequence reuse would hide their data-centric nature.
FeatureVector layerFeatures(const Layer& layer);

// Layers picked for analysis and their raw features (compute layers only unless allLayers).
struct LayerSample {
    std::vector<LayerRef> refs;
    std::vector<FeatureVector> raw;
};
LayerSample collectLayers(const std::vector<const Model*>& models, bool allLayers);

// log10(1+x) then z-score per feature; a constant feature becomes 0.
struct StandardizedFeatures {
    std::vector<double> values; // row-major, kLayerFeatureCount per layer
    FeatureVector mean {}; // of the log-scaled values
    FeatureVector stddev {}; // of the log-scaled values (1 when constant)

    FeatureVector toOriginalUnits(const FeatureVector& standardized) const;
};
StandardizedFeatures standardize(const std::vector<FeatureVector>& raw);

} // namespace mensa
