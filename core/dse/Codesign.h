#pragma once

#include "dse/ExploreCollector.h"
#include "dse/Explorer.h"

#include <optional>
#include <string>
#include <vector>

namespace mensa {

// One row of the co-design comparison: the best feasible answer (on the primary objective) of
// one kind of search over a space with a model axis.
struct CodesignRow {
    std::string search; // "joint", "hardware only", "model only"
    std::string held; // what the search keeps fixed
    std::optional<PointResult> best; // none when no point of that search is feasible
    std::string model; // the best point's model variant
    std::string hardware; // its hardware: axis values, or "base <name>"
};

// Joint search (every point the collector saw), hardware-only search (the axis's baseline
// variant, hardware varied: the collector's best of that variant) and model-only search (the
// base spec unchanged, every variant: evaluated here). Needs a space with a model axis.
std::vector<CodesignRow> compareCodesign(
    const Explorer& explorer, const ExploreCollector& collector);

// The comparison as CSV (one row per search) and as the lines the CLI prints.
std::string codesignCsv(const SearchSpace& space, const std::vector<CodesignRow>& rows);
std::string codesignText(const SearchSpace& space, const std::vector<CodesignRow>& rows);

} // namespace mensa
