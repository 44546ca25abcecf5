#pragma once

#include <string>

namespace mensa::cli {

// Writes `content` to `path` atomically: a temporary file in the same folder, flushed, then
// renamed over the target, so readers never see a half-written file. MensaError on failure.
void writeFileAtomically(const std::string& path, const std::string& content);

} // namespace mensa::cli
