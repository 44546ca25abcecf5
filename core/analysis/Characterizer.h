#pragma once

#include "model/Model.h"

namespace mensa {

struct CharacterizeOptions {
    int bytesPerElement = 1; // int8 by default
};

// Fills Layer::metrics for every layer from its LoopNest, parameters and tensor shapes.
// Throws MensaError when a count overflows int64.
void characterize(Model& model, const CharacterizeOptions& options = {});

// MACs of a layer from its LoopNest (0 for non-compute and unmodelled layers).
int64_t layerMacs(const Layer& layer);

// Metrics of one layer (used by characterize and by cost-model tests).
LayerMetrics characterizeLayer(const Model& model, const Layer& layer, int bytesPerElement);

} // namespace mensa
