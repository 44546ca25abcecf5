#include "ValidationTable.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace mensa::cli {
namespace {

std::string fixed(double value, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return std::isfinite(value) ? buf : "nan";
}

std::vector<std::string> cells(const ValidationRow& row, bool known)
{
    const int digits = row.unit == "cycles" ? 0 : row.unit == "x" ? 3 : 2; // cycles are counts
    char tolerance[32];
    std::snprintf(tolerance, sizeof tolerance, "+-%g%%", row.tolerance * 100);
    return { row.source, row.model, row.design, fixed(row.predicted, digits),
        fixed(row.published, digits), row.unit, fixed(row.ratio(), 4), tolerance,
        row.ok()    ? "yes"
            : known ? "NO (known)"
                    : "NO" };
}

// A source as one line, its file named without the folder (the text is the same on every
// machine): "coral_published.csv: source: ...".
std::string sourceLine(const std::string& source)
{
    std::istringstream in(source);
    std::string line, out;
    while (std::getline(in, line)) {
        const size_t start = line.find_first_not_of(' ');
        line = start == std::string::npos ? "" : line.substr(start);
        if (out.empty() && line.find('/') != std::string::npos
            && line.find(' ') == std::string::npos)
            line = std::filesystem::path(line).filename().string() + ":";
        out += (out.empty() ? "" : " ") + line;
    }
    return out;
}

const std::vector<std::string> kColumns
    = { "source", "model", "design", "predicted", "published", "unit", "ratio", "tolerance", "ok" };

// Right-aligned in both renderings.
bool numericColumn(const std::string& name)
{
    return name == "predicted" || name == "published" || name == "ratio";
}

} // namespace

TableFormat validationTable(const ValidationReport& report, const ValidationVerdict& verdict)
{
    TableFormat t;
    for (const std::string& name : kColumns)
        t.addColumn(name, numericColumn(name));
    for (size_t i = 0; i < report.rows.size(); ++i)
        t.addRow(cells(report.rows[i], i < verdict.known.size() && verdict.known[i]));
    return t;
}

std::string validationCountLine(
    const ValidationReport& report, const ValidationVerdict& verdict, const std::string& listPath)
{
    size_t failed = 0;
    for (const auto& row : report.rows)
        failed += row.ok() ? 0 : 1;
    std::string line = std::to_string(report.rows.size() - failed) + " of "
        + std::to_string(report.rows.size()) + " published figures within tolerance";
    if (!listPath.empty())
        line += "; " + std::to_string(failed - verdict.unexpected) + " outside and listed in "
            + listPath + ", " + std::to_string(verdict.unexpected) + " outside and not listed";
    return line;
}

std::string validationMarkdown(const ValidationReport& report, const ValidationVerdict& verdict,
    const std::vector<KnownOutside>& known, const std::string& listPath)
{
    std::ostringstream md;
    md << "# Fidelity: predicted against published figures\n\n"
       << "The table `mensa validate` prints (docs/validation.md), the Mensa paper's rows "
          "from this reproduction's runs.\n\nSources:\n\n";
    for (const auto& source : report.sources)
        md << "- " << sourceLine(source) << "\n";
    md << "\n| " << kColumns[0];
    for (size_t c = 1; c < kColumns.size(); ++c)
        md << " | " << kColumns[c];
    md << " |\n|";
    for (const std::string& name : kColumns)
        md << (numericColumn(name) ? "---:|" : "---|");
    md << "\n";
    for (size_t i = 0; i < report.rows.size(); ++i) {
        const auto row = cells(report.rows[i], i < verdict.known.size() && verdict.known[i]);
        md << "|";
        for (const std::string& cell : row)
            md << " " << cell << " |";
        md << "\n";
    }
    md << "\n"
       << validationCountLine(report, verdict,
              listPath.empty() ? "" : std::filesystem::path(listPath).filename().string())
       << ".\n";
    bool heading = false;
    for (size_t i = 0; i < report.rows.size(); ++i)
        for (const KnownOutside& k : known)
            if (i < verdict.known.size() && verdict.known[i] && k.names(report.rows[i])) {
                if (!heading)
                    md << "\nWhy the listed figures are outside:\n\n";
                heading = true;
                md << "- " << k.source << ", " << k.model << ", " << k.design << " (" << k.unit
                   << "): " << k.reason << "\n";
            }
    for (const auto& listed : verdict.nowInside)
        md << "\n" << listed << ": within its tolerance in this reproduction.\n";
    if (!report.skipped.empty()) {
        md << "\nNot compared (architecture not built by Mensa, or no densities): ";
        for (size_t i = 0; i < report.skipped.size(); ++i)
            md << (i ? ", " : "") << report.skipped[i];
        md << ".\n";
    }
    return md.str();
}

} // namespace mensa::cli
