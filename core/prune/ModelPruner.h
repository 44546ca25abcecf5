#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mensa {

struct AcceleratorSystem;

// How much of a layer pruning removes (docs/pruning.md):
//  Element: the smallest-magnitude weights become zero; shapes stay, the layer's weight density
//           drops (written as a model annotation the importer reads into the layer).
//  Channel: whole output channels go, with the matching input channels of every consumer.
//  Array:   channel pruning with the kept channel count of each layer rounded to a multiple of
//           the systolic array's width, so that whole array-width tiles are removed.
enum class PruneGranularity { Element, Channel, Array };

PruneGranularity parseGranularity(const std::string& text); // MensaError on other text
const char* granularityName(PruneGranularity granularity);

// Metadata key prefix of the per-weight density annotation ("mensa.weight_density:W" = "0.5").
inline constexpr const char* kWeightDensityKey = "mensa.weight_density:";

struct PruneRequest {
    PruneGranularity granularity = PruneGranularity::Channel;
    double ratio = 0; // fraction of each layer's weights or output channels removed, in [0, 1)
    // Per-layer ratios (node name or first output name -> ratio); when not empty they replace
    // `ratio` and layers not named are left alone.
    std::map<std::string, double> perLayer;
    std::string perLayerSource; // the file the per-layer ratios came from, for messages
    int arrayWidth = 64; // channels per array tile (Array granularity)
    // File name given to external data that was not loaded (dims change, data stays absent).
    std::string externalLocation;
};

struct PruneSummary {
    int64_t weightsBefore = 0; // elements of every weight of a layer that creates channels
    int64_t weightsAfter = 0; // the same after pruning, zeros not counted
    int layersPruned = 0;
    int64_t channelsRemoved = 0;
    bool hadWeightData = true; // false when some pruned weight had no values (annotated only)
    std::vector<std::string> notes; // one line each (layers left alone and why)
};

struct PruneResult {
    onnx::ModelProto model;
    PruneSummary summary;
};

// Prunes a model (see PruneGranularity); shapes are inferred again on the result. MensaError
// (file part: `displayName`, or the per-layer source for its names) on a ratio outside [0, 1),
// a per-layer name that is no layer with weights, per-layer ratios that a residual Add or a
// Concat would tie to different values, a layer whose channels something blocks (named), or a
// model where no layer can lose channels at all.
PruneResult pruneModel(
    const onnx::ModelProto& model, const PruneRequest& request, const std::string& displayName);

// Reads an ONNX file with its weights (embedded, or external data found beside it);
// MensaError naming the file on bad input.
onnx::ModelProto readModelWithWeights(const std::string& path);

// Per-layer ratios from text: one "LAYER RATIO" (or "LAYER=RATIO") per line, '#' comments;
// MensaError(source, ...) on bad syntax or a ratio outside [0, 1).
std::map<std::string, double> parsePerLayerRatios(
    const std::string& text, const std::string& source);

// Channels per array tile of a design: the widest systolic array's column count (the output
// channels of a weight-stationary array), or 64 when the design has no PE array.
int arrayWidthOf(const AcceleratorSystem& system);

} // namespace mensa
