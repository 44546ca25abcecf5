// mensa figures: handed over to the renderer (FigureRenderer.h), so that mensa never loads Qt.
#include "CommandRegistry.h"
#include "FigureRenderer.h"
#include "FiguresUsage.h"

namespace mensa::cli {
namespace {

int runFigures(const CliArgs&)
{
    return execFigureRenderer("figures", commandArguments());
}

const CommandRegistration kRegistration("figures",
    { "write publication figures (PDF/SVG/PNG) and their CSV data", figuresUsage(), runFigures });

} // namespace
} // namespace mensa::cli
