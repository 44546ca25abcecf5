#pragma once

#include "model/Model.h"

namespace mensa {

// A characterised model of `layers` layers with a MobileNet/LSTM-like mix of layer kinds,
// branches and merges, built in code for benchmarks and view tests (no ONNX file needed).
Model makeSyntheticModel(int layers, const std::string& name = "synthetic");

} // namespace mensa
