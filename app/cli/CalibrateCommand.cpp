// mensa calibrate: fits a spec's modelling assumptions (host-link bandwidth, per-layer overhead,
// static power, access energies) to measured latencies and energies, reports the error before,
// after and leave-one-out, and writes the calibrated spec with the fit in its comments.
#include "AtomicFile.h"
#include "CommandRegistry.h"
#include "FigureRenderer.h"
#include "TableFormat.h"

#include "calibrate/CalibratedSpec.h"
#include "calibrate/Calibrator.h"
#include "cost/SpecParser.h"
#include "util/Error.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa calibrate MEASURED.csv --accel SPEC --out CALIBRATED.textproto\n"
      "                       [--column NAME] [--fit FIELD[,FIELD...]] [--no-loo]\n"
      "                       [--figures DIR] [--format table|csv|json]\n\n"
      "Fits the spec's modelling assumptions to measured latencies (and energies, where the file\n"
      "has them): host_link bandwidth and per-layer overhead, static power and access energies.\n"
      "Fields whose spec comment starts with a published source tag ([vendor], [Horowitz],\n"
      "...) are kept; [fitted], [calibrated], 'modelling assumption' and untagged\n"
      "fields are fitted. Solver: NLopt LN_BOBYQA on the fields' logarithms, least squares of\n"
      "ln(predicted / measured); predictions are `mensa simulate`'s whole-model numbers.\n"
      "Prints every measurement predicted before and after calibration and when its model was\n"
      "left out of the fit (leave-one-out cross-validation), and writes the calibrated spec\n"
      "(loadable with `mensa simulate --accel`) with the fit recorded in its header comment.\n\n"
      "MEASURED.csv: '#' comment lines, a column line, one row per measurement. Columns by name:\n"
      "  mensa_model (or model)  sample model, validation architecture or .onnx file (relative\n"
      "                          to the CSV); rows with an empty mensa_model are skipped\n"
      "  input                   optional HxW image size the model was measured at\n"
      "  layer                   optional layer name: the row is that layer's latency\n"
      "  latency_s|_ms|_us       latency; else --column, else the one *_s/_ms/_us column\n"
      "                          named after the spec (coral_usb: usb_ms)\n"
      "  energy_j|_mj|_uj        optional energy per inference (empty cell: not measured)\n"
      "resources/measurements/coral_published.csv (Coral's published table) is such a file.\n"
      "--fit restricts the fit to the named fields; --no-loo skips cross-validation; --figures\n"
      "draws predicted against measured (log-log, before and after, with the error band).\n"
      "Exit codes: 0 written, 2 bad arguments, measurements or spec (nothing written).";

std::string fixed(double value, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return buf;
}

std::string general(double value)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", value);
    return buf;
}

std::string today()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc {};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &utc);
    return buf;
}

TableFormat pointTable(const CalibrationReport& report)
{
    TableFormat t;
    t.addColumn("measurement");
    t.addColumn("quantity");
    t.addColumn("unit");
    t.addColumn("measured", true);
    t.addColumn("before", true);
    t.addColumn("after", true);
    t.addColumn("held_out", true);
    t.addColumn("ratio_before", true);
    t.addColumn("ratio_after", true);
    t.addColumn("ratio_held_out", true);
    for (const auto& p : report.points) {
        const bool latency = p.quantity == FitQuantity::Latency;
        const double scale = latency ? 1e3 : 1e3; // ms, mJ
        const bool loo = report.heldOutModels > 0;
        t.addRow({ p.label, latency ? "latency" : "energy", latency ? "ms" : "mJ",
            fixed(p.measured * scale, 3), fixed(p.before * scale, 3), fixed(p.after * scale, 3),
            loo ? fixed(p.heldOut * scale, 3) : "", fixed(p.before / p.measured, 3),
            fixed(p.after / p.measured, 3), loo ? fixed(p.heldOut / p.measured, 3) : "" });
    }
    return t;
}

void printSummary(const CalibrationReport& report, FitQuantity quantity)
{
    std::cout << (quantity == FitQuantity::Latency ? "latency" : "energy")
              << " error (geometric mean of predicted/measured either way, max): before "
              << calibrationErrorText(report.error(CalibrationStage::Before, quantity))
              << ", after "
              << calibrationErrorText(report.error(CalibrationStage::After, quantity));
    if (report.heldOutModels > 0)
        std::cout << ", leave-one-out "
                  << calibrationErrorText(report.error(CalibrationStage::HeldOut, quantity));
    std::cout << "\n";
}

void printReport(const CalibrationReport& report, const MeasurementSet& set)
{
    std::cout << "spec: " << report.specName << "   measurements: " << set.path << " (column "
              << set.latencyColumn << (set.energyColumn.empty() ? "" : ", " + set.energyColumn)
              << ", " << set.rows.size() << " rows)\n"
              << "solver: " << report.solver << "\n\nfitted:\n";
    for (const auto& f : report.fitted)
        std::cout << "  " << f.path << ": " << general(f.before) << " -> " << general(f.after)
                  << "\n";
    if (!report.kept.empty()) {
        std::cout << "kept:\n";
        for (const auto& f : report.kept)
            std::cout << "  " << f.path << " (" << f.reason << ")\n";
    }
    std::cout << "\n" << pointTable(report).toText() << "\n";
    printSummary(report, FitQuantity::Latency);
    if (report.hasEnergy())
        printSummary(report, FitQuantity::Energy);
    if (report.heldOutModels == 0)
        std::cout << "leave-one-out: not run (" << (set.rows.empty() ? 0 : 1)
                  << " model measured; it needs two)\n";
    if (!set.skipped.empty()) {
        std::cout << "not used (no Mensa architecture):";
        for (const auto& name : set.skipped)
            std::cout << (&name == &set.skipped.front() ? " " : ", ") << name;
        std::cout << "\n";
    }
}

int runCalibrate(const CliArgs& args)
{
    if (auto unknown
        = args.unknownOptions({ "accel", "out", "column", "fit", "no-loo", "figures", "format" });
        !unknown.empty())
        return usageError("calibrate", "unknown option --" + unknown.front());
    if (args.positional().size() != 1)
        return usageError("calibrate", "expects one MEASURED.csv");
    if (!args.has("accel"))
        return usageError("calibrate", "missing --accel SPEC");
    if (!args.has("out"))
        return usageError("calibrate", "missing --out CALIBRATED.textproto");
    auto style = parseTableStyle(args.valueOr("format", "table"));
    if (!style)
        return usageError("calibrate",
            "unknown format '" + args.valueOr("format", "") + "' (use table, csv or json)");
    const std::string csv = args.positional().front();
    const std::string out = args.valueOr("out", "");
    try {
        const std::string specPath = resolveSystemSpecPath(args.valueOr("accel", ""));
        const std::string specText = readSpecFile(specPath);
        const std::string specName = loadSystemSpecFile(specPath)->name();
        const MeasurementSet set = readMeasurementSet(csv, specName, args.valueOr("column", ""));
        const Calibrator calibrator(specText, specPath, set, args.listValues("fit"));
        const CalibrationReport report = calibrator.run(!args.has("no-loo"));
        const std::string text = calibratedSpecText(specText, specPath, report,
            { "measurements: " + set.path + " (column " + set.latencyColumn
                    + (set.energyColumn.empty() ? "" : ", " + set.energyColumn) + ", "
                    + std::to_string(set.rows.size()) + " rows); spec: " + specPath,
                "date: " + today() });
        parseSystemSpecText(text, out); // what is written loads back
        if (*style != TableStyle::Table)
            std::cout << pointTable(report).render(*style);
        else
            printReport(report, set);
        writeFileAtomically(out, text);
        if (*style == TableStyle::Table)
            std::cout << "wrote " << out << "\n";
    }
    catch (const MensaError& e) {
        std::cerr << "mensa calibrate: " << e.what() << "\n";
        return 2;
    }
    if (args.has("figures")) {
        std::vector<std::string> forward
            = { csv, "--accel", args.valueOr("accel", ""), "--out", args.valueOr("figures", "") };
        for (const char* option : { "column", "fit" })
            for (const auto& value : args.values(option))
                forward.insert(forward.end(), { std::string("--") + option, value });
        return runFigureRenderer("calibration-figure", forward);
    }
    return 0;
}

const CommandRegistration kRegistration("calibrate",
    { "fit a spec's modelling assumptions to measured latencies and energies", kUsage, runCalibrate,
        { "no-loo" } });

} // namespace
} // namespace mensa::cli
