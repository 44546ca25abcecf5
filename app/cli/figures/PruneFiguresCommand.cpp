// mensa-figures prune-figures: the pruning figure of a finished `mensa prune-sweep` run, which
// hands it over here (FigureRenderer.h) after writing DIR/prune_sweep.csv.
#include "CommandRegistry.h"

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

void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::cerr << "mensa prune-sweep: Qt: " << message.toStdString() << "\n";
}

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
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quietQtMessages);
    int argc = 1;
    char name[] = "mensa-figures";
    char* argv[] = { name, nullptr };
    const auto app = std::make_unique<QApplication>(argc, argv);
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
    const ExportResult written = FigureExporter::exportAll({ &speedup, &energy },
        QString::fromStdString((std::filesystem::path(dir) / "figures").string()),
        { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv }, {});
    if (!written.ok) {
        std::cerr << "mensa prune-sweep: " << written.error.toStdString() << "\n";
        return 1;
    }
    return 0;
}

const CommandRegistration kRegistration("prune-figures",
    { "the pruning figure of mensa prune-sweep (run by mensa prune-sweep)", kUsage,
        runPruneFigures });

} // namespace
} // namespace mensa::cli
