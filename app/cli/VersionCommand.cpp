#include "CommandRegistry.h"

#include "util/Versions.h"
#ifdef MENSA_CLI_WITH_VIEWS
#include "LibraryVersions.h"
#endif

#include <iostream>

namespace mensa::cli {
namespace {

int runVersion(const CliArgs&)
{
#ifdef MENSA_CLI_WITH_VIEWS
    const VersionList versions = views::libraryVersions();
#else
    const VersionList versions = coreLibraryVersions();
#endif
    std::cout << "mensa " << MENSA_VERSION << "\n";
    for (size_t i = 1; i < versions.size(); ++i)
        std::cout << "  " << versions[i].first << " " << versions[i].second << "\n";
    return 0;
}

const CommandRegistration kRegistration(
    "version", {"print the version of mensa and of the libraries it uses",
                "Usage: mensa version   (also: mensa --version)", runVersion});

} // namespace
} // namespace mensa::cli
