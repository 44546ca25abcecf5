#include "CommandRegistry.h"
#include "FigureRenderer.h"

#include "util/ResourceLocator.h"
#include "util/Versions.h"

#include <iostream>

namespace mensa::cli {
namespace {

// Where the shipped data is found (util/ResourceLocator.h), so a moved install can be checked.
void printDataDirs()
{
    const ResourceLocator locator;
    const std::pair<const char*, ResourceKind> kinds[]
        = { { "accelerator specs", ResourceKind::AcceleratorSpecs },
              { "family rules", ResourceKind::FamilyRules },
              { "sample models", ResourceKind::SampleModels } };
    std::cout << "data:\n";
    for (const auto& [label, kind] : kinds) {
        const std::string dir = locator.foundDir(kind);
        std::cout << "  " << label << ": "
                  << (dir.empty() ? "(not found; " + locator.searchedText(kind) + ")" : dir)
                  << "\n";
    }
}

int runVersion(const CliArgs&)
{
    const VersionList versions = coreLibraryVersions();
    std::cout << "mensa " << MENSA_VERSION << "\n";
    for (size_t i = 1; i < versions.size(); ++i)
        std::cout << "  " << versions[i].first << " " << versions[i].second << "\n";
    printDataDirs();
    const std::string renderer = figureRendererPath();
    // Qt and the plotting libraries are the renderer's: `mensa-figures --version` lists them.
    std::cout << "figure renderer: "
              << (renderer.empty() ? "(none: " + figureRendererMissing() + ")" : renderer) << "\n";
    return 0;
}

const CommandRegistration kRegistration("version",
    { "print the version of mensa and of the libraries it uses",
        "Usage: mensa version   (also: mensa --version)", runVersion });

} // namespace
} // namespace mensa::cli
