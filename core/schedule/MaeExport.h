#pragma once

#include "model/Model.h"
#include "schedule/MaeExplorer.h"

#include <string>
#include <vector>

namespace mensa {

// The MAE report (`mensa schedule --mae`): the front, the single-unit baselines and the
// weight sweep with MAEG, as a table, CSV (one row per point, `kind` column) or JSON.
std::string maeToTable(
    const MaeReport& report, const Model& model, const std::vector<std::string>& unitNames);
std::string maeToCsv(
    const MaeReport& report, const Model& model, const std::vector<std::string>& unitNames);
std::string maeToJson(
    const MaeReport& report, const Model& model, const std::vector<std::string>& unitNames);

} // namespace mensa
