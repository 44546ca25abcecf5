#pragma once

#include "CliArgs.h"
#include "model/Model.h"
#include "onnx/OnnxImporter.h"

#include <ostream>
#include <string>
#include <vector>

namespace mensa::cli {

// Options every model-reading command accepts: --input-shape NAME=1x3x224x224 (repeatable)
// and --precision int8|fp16|fp32. Add them to the command's known options.
const std::vector<std::string>& modelLoadingOptions();

// ImportOptions from --input-shape and --precision; MensaError on bad text.
ImportOptions importOptionsFromArgs(const CliArgs& args);

// Imports and characterises `path` with the options in `args`; MensaError naming the file.
Model loadModelFromArgs(const CliArgs& args, const std::string& path);

// Writes each model warning once as "mensa COMMAND: warning: ..." lines.
void printWarnings(const Model& model, const std::string& command, std::ostream& out);

} // namespace mensa::cli
