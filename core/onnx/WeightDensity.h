#pragma once

#include "model/Model.h"

#include <onnx/onnx_pb.h>

namespace mensa {

// Reads the per-weight density annotation an element-pruned model carries (metadata_props
// "mensa.weight_density:TENSOR" = fraction of non-zero values, written by `mensa prune`) into
// each layer's LayerMetrics::weightDensity: the density of all its parameters, weighted by
// element count (parameters without an annotation count as dense). The importer skips large
// payloads, so the annotation, not a count of zeros, is what it reads. MensaError on a value
// that is not a fraction in [0, 1].
void applyWeightDensity(const onnx::ModelProto& proto, Model& model);

} // namespace mensa
