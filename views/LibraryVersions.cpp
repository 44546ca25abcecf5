#include "LibraryVersions.h"

#include <graphviz/gvc.h>
#include <qcustomplot.h>

#include <QtGlobal>

namespace mensa::views {

namespace {

std::string graphvizVersion()
{
    GVC_t* gvc = gvContext();
    std::string version = gvcVersion(gvc);
    gvFreeContext(gvc);
    return version;
}

} // namespace

VersionList libraryVersions()
{
    VersionList versions = coreLibraryVersions();
    versions.emplace_back("Qt", std::string(qVersion()) + " (built with " QT_VERSION_STR ")");
    versions.emplace_back("Graphviz", graphvizVersion());
    versions.emplace_back("QCustomPlot", QCUSTOMPLOT_VERSION_STR);
    return versions;
}

} // namespace mensa::views
