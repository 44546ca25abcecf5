#pragma once

#include <filesystem>
#include <string>

namespace mensa::cli {

// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename,
// so readers never see a half-written file. Throws MensaError naming the file on failure.
void writeFileAtomically(const std::filesystem::path& path, const std::string& bytes);

} // namespace mensa::cli
