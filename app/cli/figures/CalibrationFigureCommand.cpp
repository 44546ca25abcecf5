// mensa-figures calibration-figure: predicted against measured, before and after calibration,
// with the fit's error band (run by `mensa calibrate --figures DIR`, so that mensa never loads Qt).
#include "CommandRegistry.h"
#include "OffscreenFigures.h"

#include "CalibrationFigure.h"
#include "FigureExporter.h"
#include "FigurePipeline.h"

#include "calibrate/CalibratedSpec.h"
#include "calibrate/Calibrator.h"
#include "cost/SpecParser.h"
#include "util/Error.h"

#include <QApplication>
#include <QFileInfo>

#include <iostream>
#include <memory>
#include <sstream>

namespace mensa::cli {
namespace {

using namespace mensa::views;

const char* const kUsage
    = "Usage: mensa-figures calibration-figure MEASURED.csv --accel SPEC --out DIR\n"
      "                                       [--column NAME] [--fit FIELD[,FIELD...]]\n"
      "Draws DIR/calibration.* (PDF, SVG, PNG, CSV), and DIR/calibration_energy.* when energy\n"
      "was measured: predicted against measured on log-log axes before and after calibration,\n"
      "leave-one-out, y = x and the band of +- the fit's RMS log error (run by mensa calibrate\n"
      "--figures; the arguments are those of mensa calibrate).";

QString caption(const CalibrationReport& report, const MeasurementSet& set, FitQuantity q)
{
    return QString("%1 calibrated on %2 (%3): %4 before, %5 after")
        .arg(QString::fromStdString(report.specName),
            QFileInfo(QString::fromStdString(set.path)).fileName(),
            QString::fromStdString(set.latencyColumn),
            QString::fromStdString(calibrationErrorText(report.error(CalibrationStage::Before, q))),
            QString::fromStdString(calibrationErrorText(report.error(CalibrationStage::After, q))));
}

int runCalibrationFigure(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions({ "accel", "out", "column", "fit" }); !unknown.empty())
        return usageError("calibrate", "unknown option --" + unknown.front());
    if (args.positional().size() != 1 || !args.has("accel") || !args.has("out"))
        return usageError("calibrate", "calibration-figure takes MEASURED.csv, --accel and --out");
    CalibrationReport report;
    MeasurementSet set;
    try {
        const std::string specPath = resolveSystemSpecPath(args.valueOr("accel", ""));
        const std::string specText = readSpecFile(specPath);
        set = readMeasurementSet(args.positional().front(), loadSystemSpecFile(specPath)->name(),
            args.valueOr("column", ""));
        report = Calibrator(specText, specPath, set, args.listValues("fit")).run(true);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa calibrate: " << e.what() << "\n";
        return 2;
    }
    const auto app = offscreenApplication("calibrate");
    FigureSet figures;
    const QStringList provenance = { QStringLiteral("Mensa Studio " MENSA_VERSION),
        "measurements " + QString::fromStdString(set.path),
        "spec " + QString::fromStdString(args.valueOr("accel", "")) };
    for (FitQuantity q : { FitQuantity::Latency, FitQuantity::Energy }) {
        if (q == FitQuantity::Energy && !report.hasEnergy())
            continue;
        auto* figure = figures.add<CalibrationFigure>(
            q == FitQuantity::Latency ? "calibration" : "calibration_energy");
        figure->setCaption(caption(report, set, q));
        figure->setProvenance(provenance);
        figure->setReport(report, q);
    }
    const ExportResult written = exportEveryFormat(
        figures.list(), QString::fromStdString(args.valueOr("out", "")), "calibrate");
    if (!written.ok)
        return 1;
    for (const QString& file : written.files)
        std::cout << "wrote " << file.toStdString() << "\n";
    return 0;
}

const CommandRegistration kRegistration("calibration-figure",
    { "predicted against measured before and after calibration (run by mensa calibrate)", kUsage,
        runCalibrationFigure });

} // namespace
} // namespace mensa::cli
