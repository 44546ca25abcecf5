#pragma once

#include "dse/ExploreCollector.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mensa {

// Parameter sensitivity of one axis value: the best primary objective over the feasible points
// with that value, its ratio to the best overall, and how many such points there were (best and
// ratio mean nothing when count is 0). sensitivity.csv and the sensitivity figure print these.
struct SensitivityRow {
    size_t axis = 0;
    size_t value = 0;
    double best = 0;
    double ratio = 0;
    uint64_t count = 0;
};
std::vector<SensitivityRow> sensitivityRows(
    const SearchSpace& space, const ExploreCollector& collector);

// One simulated point as the Pareto figure draws it (latency s, energy J, area mm^2).
struct ParetoPlotPoint {
    uint64_t index = 0;
    double latency = 0;
    double energy = 0;
    double area = 0;
    bool feasible = false;
    bool onFront = false; // on the front over (latency, energy, area) that pareto.csv holds
    bool onPlaneFront = false; // feasible and non-dominated on (latency, energy) alone
};

// What the exploration figures draw, taken from a finished run's points.csv by the same code
// that writes pareto.csv and sensitivity.csv (ExploreCollector), so the figures carry exactly
// the run's numbers.
struct ExploreFigureData {
    std::string spaceName;
    std::string objective; // the primary objective's name
    std::vector<std::string> axisFields;
    std::vector<std::vector<std::string>> axisLabels; // [axis][value]
    std::vector<ParetoPlotPoint> points; // every simulated point, by index
    std::vector<SensitivityRow> sensitivity; // per axis, per value, in file order
};

// From the text of points.csv (header first) written for `space`; MensaError naming `where`
// (and the line) when the text is not such a table.
ExploreFigureData exploreFigureData(
    const SearchSpace& space, const std::string& pointsCsv, const std::string& where);

} // namespace mensa
