#include "calibrate/CalibratedSpec.h"

#include "util/Error.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace mensa {
namespace {

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

// `line` with the value after the field name at `column` replaced by `value` and its trailing
// comment by `comment`.
std::string replaceValue(
    const std::string& line, size_t column, const std::string& value, const std::string& comment)
{
    const size_t colon = line.find(':', column);
    if (colon == std::string::npos)
        return line;
    size_t start = line.find_first_not_of(" \t", colon + 1);
    if (start == std::string::npos)
        start = line.size();
    size_t end = start < line.size() && line[start] == '"' ? line.find('"', start + 1)
                                                           : line.find_first_of(" \t#}", start);
    if (end != std::string::npos && line[end] == '"')
        ++end; // past the closing quote of a string value
    if (end == std::string::npos)
        end = line.size();
    // What follows the value on the line (a closing brace, another field) stays; its comment
    // gives way to the new one.
    std::string rest = line.substr(end, line.find('#', end) - std::min(end, line.find('#', end)));
    rest.erase(rest.find_last_not_of(" \t") + 1);
    return line.substr(0, start) + value + rest + "  # " + comment;
}

std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
        out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return out + "\"";
}

void errorLines(std::ostringstream& out, const CalibrationReport& report, FitQuantity quantity)
{
    const char* what = quantity == FitQuantity::Latency ? "latency" : "energy";
    out << "# " << what << " error, geometric mean of predicted/measured either way (max):\n"
        << "#   before " << calibrationErrorText(report.error(CalibrationStage::Before, quantity))
        << ", after " << calibrationErrorText(report.error(CalibrationStage::After, quantity));
    if (report.heldOutModels > 0)
        out << ", leave-one-out (" << report.heldOutModels << " models) "
            << calibrationErrorText(report.error(CalibrationStage::HeldOut, quantity));
    out << "\n";
}

std::string header(const CalibrationReport& report, const std::vector<std::string>& provenance)
{
    std::ostringstream out;
    out << "# Calibrated by `mensa calibrate` (" << report.solver << ").\n";
    for (const auto& line : provenance)
        out << "# " << line << "\n";
    out << "# fitted (modelling assumptions):\n";
    for (const auto& field : report.fitted)
        out << "#   " << field.path << ": " << number(field.before) << " -> " << number(field.after)
            << "\n";
    if (!report.kept.empty()) {
        out << "# kept:\n";
        for (const auto& field : report.kept)
            out << "#   " << field.path << " (" << field.reason << ")\n";
    }
    errorLines(out, report, FitQuantity::Latency);
    if (report.hasEnergy())
        errorLines(out, report, FitQuantity::Energy);
    out << "#\n";
    return out.str();
}

} // namespace

std::string calibrationErrorText(const CalibrationError& error)
{
    char text[64];
    std::snprintf(text, sizeof text, "x%.3f (max x%.3f)", error.geomeanFactor, error.maxFactor);
    return text;
}

std::string calibratedSpecText(const std::string& specText, const std::string& specDisplayName,
    const CalibrationReport& report, const std::vector<std::string>& provenance)
{
    spec::AcceleratorSpec parsed;
    const std::vector<SpecFieldLine> fields = specFieldLines(specText, specDisplayName, &parsed);
    std::vector<std::string> lines;
    std::istringstream in(specText);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    for (const auto& field : fields) {
        std::string& line = lines[size_t(field.line)];
        if (field.path == "name") {
            line = replaceValue(line, size_t(field.column), quoted(report.calibrated.name()),
                "calibrated from " + parsed.name() + " (see the header)");
            continue;
        }
        for (const auto& fitted : report.fitted)
            if (fitted.path == field.path)
                line = replaceValue(line, size_t(field.column), number(fitted.after),
                    "[calibrated] was " + number(fitted.before)
                        + (field.source.comment.empty() ? "" : "; " + field.source.comment));
    }
    std::string out = header(report, provenance);
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

} // namespace mensa
