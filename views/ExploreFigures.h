#pragma once

#include "FigurePipeline.h"

#include "dse/ExploreFigureData.h"

namespace mensa::views {

// The figures of a design-space exploration, as `mensa explore` writes them: "pareto"
// (ParetoFigure) and "sensitivity" (SensitivityFigure), each carrying `caption` and `provenance`
// into its title and CSV header like the analysis figures.
FigureSet exploreFigureSet(
    const ExploreFigureData& data, const QString& caption, const QStringList& provenance);

} // namespace mensa::views
