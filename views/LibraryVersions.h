#pragma once

#include "util/Versions.h"

namespace mensa::views {

// Core library versions plus the GUI's: Qt (run time and build), Graphviz, QCustomPlot.
VersionList libraryVersions();

} // namespace mensa::views
