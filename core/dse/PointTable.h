#pragma once

#include "dse/ExploreCollector.h"

#include <string>
#include <vector>

namespace mensa {

// The text forms of explored points (formatting only; app/ writes the files). Numbers are
// exact (formatExact), so a point read back from CSV is the same point bit for bit: merged
// shards give exactly the unsharded result.

// points.csv / pareto.csv header: index, one column per axis, feasible, latency_s, energy_j,
// edp_js, area_mm2, power_w, then latency_s:MODEL and energy_j:MODEL per model. Ends in "\n".
std::string pointCsvHeader(const SearchSpace& space, const std::vector<std::string>& modelNames);
// One evaluated point as a row of that table, ending in "\n".
std::string pointCsvRow(const SearchSpace& space, const PointResult& point);
// A row written by pointCsvRow back into a point (feasibility recomputed from the space);
// MensaError naming `where` when the row is damaged.
PointResult parsePointCsvRow(
    const SearchSpace& space, const std::string& row, size_t modelCount, const std::string& where);

// The Pareto front as JSON: each point's index, axis values and metrics.
std::string paretoJson(const SearchSpace& space, const std::vector<std::string>& modelNames,
    const std::vector<PointResult>& front);

// The best point of an objective as a spec file `mensa simulate --accel` accepts, with a
// comment header naming the space, objective, point and metrics.
// "access energies per byte scale as capacity^0.5 (access_energy_exponent) for: register file",
// or empty when no block's energies follow an axis; the CLI and the GUI print it as is.
std::string energyScalingText(const SearchSpace& space);

std::string bestSpecText(
    const SearchSpace& space, const SearchObjective& objective, const PointResult& point);

// Parameter sensitivity as CSV: per axis and value, the best primary objective over the feasible
// points with that value, its ratio to the overall best, and the number of such points.
std::string sensitivityCsv(const SearchSpace& space, const ExploreCollector& collector);

// Counts, the front size and each objective's best point, as JSON. `mode` names the search
// ("exhaustive", "blackbox budget 500 seed 1").
std::string exploreSummaryJson(const SearchSpace& space, const std::string& mode,
    const std::vector<std::string>& modelNames, const ExploreCollector& collector);

} // namespace mensa
