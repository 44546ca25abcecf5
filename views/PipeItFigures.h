#pragma once

#include "FigurePipeline.h"

namespace mensa::views {

// gantt_pipeit_<model>_<design>: for every design that is a system of two or more CPU
// clusters (hikey970), the Pipe-it pipeline of each model in steady state (several inferences
// overlapping, one row per stage's core group), as core/schedule/PipeItSearch lays it out.
void addPipeItGanttFigures(const Analysis& analysis, FigureSet& set);

} // namespace mensa::views
