// mensa explore: handed over to mensa-explore (FigureRenderer.h), so that the black-box search
// library and the BLAS/LAPACK it needs are never loaded by mensa's other commands.
#include "CommandRegistry.h"
#include "ExploreUsage.h"
#include "FigureRenderer.h"

namespace mensa::cli {
namespace {

int runExplore(const CliArgs&)
{
    return execHelperProgram("mensa-explore", "MENSA_EXPLORE", "explore", commandArguments());
}

const CommandRegistration kRegistration(
    "explore", { exploreSummary(), exploreUsage(), runExplore, exploreFlags() });

} // namespace
} // namespace mensa::cli
