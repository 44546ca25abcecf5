#pragma once
// The figures of `mensa figures` for models already in memory, for commands such as
// `mensa reproduce` that build their models in code. Exists only when the CLI is built with
// the GUI libraries (MENSA_CLI_WITH_VIEWS).
#include "cost/CostModel.h"
#include "mapping/MappingPolicy.h"
#include "model/Model.h"

#include <string>
#include <vector>

namespace mensa::cli {

struct StudyFigureResult {
    int files = 0; // files written
    std::string error; // one line naming the file and the problem; empty when all were written
};

// Writes every figure (PDF, SVG, PNG at 300 dpi, CSV) of MODELS on DESIGNS under POLICY (built-in
// names or spec files) into OUT_DIR. Throws MensaError on a bad design spec.
StudyFigureResult writeStudyFigures(std::vector<Model> models,
    const std::vector<std::string>& designs, const MappingPolicy& policy,
    const std::string& outDir);

} // namespace mensa::cli
