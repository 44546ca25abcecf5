#pragma once

#include "calibrate/Calibrator.h"

#include <string>
#include <vector>

namespace mensa {

// The calibrated spec as protobuf text: the original text with each fitted field's value
// replaced (its comment now starts "[calibrated] was OLD;", the rest kept), the name suffixed
// "_calibrated", and a header comment recording the fit: solver, `provenance` lines (the
// measurement file, the date), fields changed old -> new, fields kept and why, and the error
// before, after and leave-one-out. MensaError when the text does not parse as one
// AcceleratorSpec.
std::string calibratedSpecText(const std::string& specText, const std::string& specDisplayName,
    const CalibrationReport& report, const std::vector<std::string>& provenance);

// "x1.23 (max x2.50)": an error as the reports print it.
std::string calibrationErrorText(const CalibrationError& error);

} // namespace mensa
