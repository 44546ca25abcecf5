// mensa validate: the model's predictions side by side with every published figure shipped
// with its source (today Coral's Edge TPU benchmark table), exit 1 when one leaves its
// tolerance.
#include "CommandRegistry.h"
#include "TableFormat.h"

#include "study/PublishedValidation.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace mensa::cli {
namespace {

const char* kUsage
    = "Usage: mensa validate [--measurements CORAL.csv] [--format table|csv|json]\n\n"
      "Compares the cost model with published hardware figures, one row per figure: model,\n"
      "design, predicted, published, ratio (predicted / published), tolerance and ok.\n"
      "Shipped (resources/measurements, source and access date in each file's header):\n"
      "Coral's Edge TPU benchmark table, the USB Accelerator column against the built-in design\n"
      "coral_usb and the Dev Board column against coral_devboard (rows whose architecture\n"
      "Mensa does not build are listed, not compared); SCALE-Sim v2's per-layer compute cycles\n"
      "against the systolic model on SCALE-Sim's array, summed per topology and dataflow.\n"
      "--measurements compares only the given file, of the Coral table's columns.\n"
      "Exit codes: 0 every figure within its tolerance, 1 some figure outside it, 2 bad\n"
      "arguments or measurements file.";

std::string fixed(double value, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return std::isfinite(value) ? buf : "nan";
}

TableFormat table(const ValidationReport& report)
{
    TableFormat t;
    t.addColumn("source");
    t.addColumn("model");
    t.addColumn("design");
    t.addColumn("predicted", true);
    t.addColumn("published", true);
    t.addColumn("unit");
    t.addColumn("ratio", true);
    t.addColumn("tolerance");
    t.addColumn("ok");
    for (const auto& row : report.rows) {
        int digits = row.unit == "cycles" ? 0 : 2; // cycles are counts
        char tolerance[32];
        std::snprintf(tolerance, sizeof tolerance, "+-%g%%", row.tolerance * 100);
        t.addRow({ row.source, row.model, row.design, fixed(row.predicted, digits),
            fixed(row.published, digits), row.unit, fixed(row.ratio(), 4), tolerance,
            row.ok() ? "yes" : "NO" });
    }
    return t;
}

int runValidate(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions({ "measurements", "format" }); !unknown.empty())
        return usageError("validate", "unknown option --" + unknown.front());
    if (!args.positional().empty())
        return usageError("validate", "takes no positional argument");
    auto style = parseTableStyle(args.valueOr("format", "table"));
    if (!style)
        return usageError("validate",
            "unknown format '" + args.valueOr("format", "") + "' (use table, csv or json)");
    ValidationReport report;
    try {
        std::string path = args.valueOr("measurements", shippedCoralTablePath());
        if (path.empty())
            throw MensaError("coral_published.csv", "shipped measurements not found");
        report = validateCoral(readPublishedLatencies(path));
        if (!args.has("measurements") && !shippedScaleSimPath().empty()) {
            ValidationReport scaleSim = validateScaleSim(shippedScaleSimPath());
            report.rows.insert(report.rows.end(), scaleSim.rows.begin(), scaleSim.rows.end());
            report.sources.insert(
                report.sources.end(), scaleSim.sources.begin(), scaleSim.sources.end());
        }
    }
    catch (const MensaError& e) {
        std::cerr << "mensa validate: " << e.what() << "\n";
        return 2;
    }
    if (*style != TableStyle::Table) {
        std::cout << table(report).render(*style);
        return report.allOk() ? 0 : 1;
    }
    for (const auto& source : report.sources)
        std::cout << "published figures: " << source << "\n";
    std::cout << "\n" << table(report).toText();
    int failed = 0;
    for (const auto& row : report.rows)
        failed += row.ok() ? 0 : 1;
    if (!report.skipped.empty()) {
        std::cout << "\nnot compared (architecture not built by Mensa):";
        for (const auto& name : report.skipped)
            std::cout << (&name == &report.skipped.front() ? " " : ", ") << name;
        std::cout << "\n";
    }
    std::cout << "\n"
              << report.rows.size() - failed << " of " << report.rows.size()
              << " published figures within tolerance\n";
    return failed == 0 ? 0 : 1;
}

const CommandRegistration kRegistration("validate",
    { "predicted against published hardware figures (Coral Edge TPU), with tolerances", kUsage,
        runValidate });

} // namespace
} // namespace mensa::cli
