#pragma once

#include "study/Reproduction.h"

#include <filesystem>
#include <string>
#include <vector>

namespace mensa::cli {

// The Pipe-it section of `mensa reproduce`: pipeit.csv and pipeit.md in `dir` (the suite's
// CNNs on the built-in hikey970) and one headline line on standard output. Throws MensaError.
void writePipeItSection(const std::filesystem::path& dir, const std::vector<StudyModel>& models);

} // namespace mensa::cli
