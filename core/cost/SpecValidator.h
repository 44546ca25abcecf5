#pragma once

#include "proto/accelerator.pb.h"

#include <google/protobuf/text_format.h>

#include <string>

namespace mensa {

// Semantic checks of a parsed spec. Each throws MensaError "file[:line:col]: field PATH:
// problem" on the first violation; `tree` (may be null) gives the field positions and
// `prefix` the path of the accelerator inside a system (e.g. "accelerators[1].").
void validateAccelerator(const spec::AcceleratorSpec& accelerator,
    const google::protobuf::TextFormat::ParseInfoTree* tree, const std::string& file,
    const std::string& prefix);
void validateSystem(const spec::SystemSpec& system,
    const google::protobuf::TextFormat::ParseInfoTree* tree, const std::string& file);

} // namespace mensa
