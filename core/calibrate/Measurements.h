#pragma once

#include "model/Model.h"

#include <memory>
#include <string>
#include <vector>

namespace mensa {

// One measured figure: a whole model's (or one layer's) latency, and its energy when known.
struct Measurement {
    std::string model; // Mensa architecture: a sample, a validation architecture or an .onnx file
    std::string input; // "HxW" image size the model was measured at; "" the model's own
    std::string label; // what reports call the row: "ResNet-50 V1 (299x299)"
    std::string layer; // "" whole model, else the layer's name in the imported model
    double latencySeconds = 0; // > 0
    double energyJoules = 0; // 0: not measured
    std::string where; // "file:line", for messages
};

// A measurements file as calibration reads it.
struct MeasurementSet {
    std::string path;
    std::string latencyColumn; // the column the latencies came from ("usb_ms")
    std::string energyColumn; // "" when the file has none
    std::vector<Measurement> rows;
    std::vector<std::string> skipped; // rows without a Mensa architecture ("Unet Mv2 (128x128)")
    bool hasEnergy() const;
};

// Reads a calibration CSV (docs/validation.md, "Calibration"): '#' comment lines, a column line,
// then one row per measurement. Columns by name, in any order: `mensa_model` (or `model`) names
// the architecture; optional `model` (the display name when `mensa_model` is present), `input`
// (HxW), `layer`; the latency column is `latencyColumn` when given, else `latency_s`,
// `latency_ms` or `latency_us`, else the one `<prefix>_ms|_s|_us` column whose prefix occurs in
// `specName` (coral_usb takes usb_ms of the shipped Coral table); energy from `energy_j`,
// `energy_mj` or `energy_uj` (an empty cell: not measured). Rows with an empty `mensa_model`
// are skipped (listed). MensaError "file:line: problem" on any bad row or unknown model.
MeasurementSet readMeasurementSet(
    const std::string& path, const std::string& specName, const std::string& latencyColumn = {});

// The model a measurement names (a sample, a validation architecture, or an .onnx path, which
// readMeasurementSet makes relative to the CSV's folder), at its input size when given.
// MensaError naming `where` when the name is no Mensa architecture.
std::shared_ptr<const Model> buildMeasuredModel(
    const std::string& name, const std::string& input, const std::string& where);

} // namespace mensa
