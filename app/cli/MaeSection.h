#pragma once

#include "study/Reproduction.h"

#include <filesystem>
#include <string>
#include <vector>

namespace mensa::cli {

// The MAE section of `mensa reproduce`: MAE on the built-in jetson_xavier for every model,
// written to DIR/mae_gain.csv and DIR/mae.md (atomically); returns the one-line headline.
// Throws MensaError on a bad spec or model, std::filesystem errors when DIR is unwritable.
std::string writeMaeSection(
    const std::filesystem::path& dir, const std::vector<StudyModel>& models);

} // namespace mensa::cli
