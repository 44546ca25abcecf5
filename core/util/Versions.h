#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mensa {

using VersionList = std::vector<std::pair<std::string, std::string>>;

// Versions of the core's libraries in use (protobuf at run time, ONNX as built against).
VersionList coreLibraryVersions();

} // namespace mensa
