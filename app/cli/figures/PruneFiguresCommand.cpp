// mensa-figures prune-figures: the pruning figure of a finished `mensa prune-sweep` run, which
// hands it over here (FigureRenderer.h) after writing DIR/prune_sweep.csv.
#include "CommandRegistry.h"
#include "OffscreenFigures.h"

#include "FigureExporter.h"
#include "PruneFigure.h"

#include "prune/PruneSweep.h"
#include "util/Error.h"
#include "util/RegularFile.h"

#include <QApplication>

#include <filesystem>
#include <iostream>
#include <memory>

namespace mensa::cli {
namespace {

using namespace mensa::views;

const char* const kUsage
    = "Usage: mensa-figures prune-figures DIR\n"
      "Draws DIR/figures/prune_speedup.* and prune_energy.* (PDF, SVG, PNG, CSV) from "
      "DIR/prune_sweep.csv (run by mensa prune-sweep).";

int runPruneFigures(const CliArgs& args)
{
    if (args.positional().size() != 1)
        return usageError("prune-sweep", "prune-figures takes DIR");
    const std::string dir = args.positional()[0];
    PruneSweep sweep;
    try {
        const std::string csv = (std::filesystem::path(dir) / "prune_sweep.csv").string();
        sweep = parsePruneSweepCsv(readRegularFile(csv, std::uintmax_t(1) << 30), csv);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa prune-sweep: figures: " << e.what() << "\n";
        return 2;
    }
    const auto app = offscreenApplication("prune-sweep");
    PruneFigure speedup(PruneFigure::Metric::Speedup), energy(PruneFigure::Metric::EnergySaving);
    const QString model = QString::fromStdString(sweep.model);
    speedup.setCaption(
        QString("Pruning sweep of %1: speedup over the unpruned model per design and granularity")
            .arg(model));
    energy.setCaption(QString("Pruning sweep of %1: energy saving over the unpruned model per "
                              "design and granularity")
                          .arg(model));
    for (PruneFigure* figure : { &speedup, &energy }) {
        figure->setSweep(sweep);
        figure->setProvenance({ QStringLiteral("Mensa Studio " MENSA_VERSION),
            "points from prune_sweep.csv (mensa prune-sweep)" });
    }
    const QString out = QString::fromStdString((std::filesystem::path(dir) / "figures").string());
    return exportEveryFormat({ &speedup, &energy }, out, "prune-sweep").ok ? 0 : 1;
}

const CommandRegistration kRegistration("prune-figures",
    { "the pruning figure of mensa prune-sweep (run by mensa prune-sweep)", kUsage,
        runPruneFigures });

} // namespace
} // namespace mensa::cli
