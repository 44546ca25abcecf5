#include "calibrate/Measurements.h"

#include "onnx/OnnxImporter.h"
#include "samples/SampleSuite.h"
#include "samples/ValidationSamples.h"
#include "study/PublishedValidation.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/TextFormat.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>

namespace mensa {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxCsvBytes = 4u << 20;

// The line's cells (splitCsvLine), trimmed of blanks.
std::vector<std::string> splitCells(const std::string& line)
{
    std::vector<std::string> cells = splitCsvLine(line);
    for (auto& cell : cells) {
        const size_t first = cell.find_first_not_of(" \t");
        const size_t last = cell.find_last_not_of(" \t");
        cell = first == std::string::npos ? "" : cell.substr(first, last - first + 1);
    }
    return cells;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() > suffix.size()
        && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Seconds per unit of a time column ("_s", "_ms", "_us"), 0 when the name has none of them.
double secondsPerUnit(const std::string& column)
{
    if (endsWith(column, "_ms"))
        return 1e-3;
    if (endsWith(column, "_us"))
        return 1e-6;
    if (endsWith(column, "_s"))
        return 1;
    return 0;
}

std::string prefixOf(const std::string& column)
{
    return column.substr(0, column.rfind('_'));
}

// The latency column: the one asked for, a latency_* column, or the time column whose prefix
// the spec's name contains.
std::string chooseLatencyColumn(const std::vector<std::string>& columns,
    const std::string& specName, const std::string& asked, const std::string& where)
{
    std::vector<std::string> timeColumns;
    for (const auto& c : columns)
        if (secondsPerUnit(c) > 0)
            timeColumns.push_back(c);
    if (!asked.empty()) {
        for (const auto& c : timeColumns)
            if (c == asked)
                return c;
        throw MensaError(where, "no latency column '" + asked + "' (a name ending _s, _ms or _us)");
    }
    for (const char* name : { "latency_s", "latency_ms", "latency_us" })
        for (const auto& c : timeColumns)
            if (c == name)
                return c;
    std::vector<std::string> matching;
    for (const auto& c : timeColumns)
        if (specName.find(prefixOf(c)) != std::string::npos)
            matching.push_back(c);
    if (matching.size() == 1)
        return matching.front();
    std::string listed;
    for (const auto& c : timeColumns)
        listed += (listed.empty() ? "" : ", ") + c;
    throw MensaError(where,
        "no latency column: expected latency_s, latency_ms or latency_us, or a time column "
        "named after the spec"
            + (listed.empty() ? std::string() : " (time columns: " + listed + "; pick one)"));
}

double positiveNumber(const std::string& text, const std::string& where, const std::string& what)
{
    const auto value = parseNumber(text);
    if (!value || *value <= 0)
        throw MensaError(where, what + " must be a positive number, got '" + text + "'");
    return *value;
}

struct Columns {
    std::map<std::string, size_t> index;
    std::string latency, energy;
    int find(const std::string& name) const
    {
        auto it = index.find(name);
        return it == index.end() ? -1 : int(it->second);
    }
};

Columns readColumns(const std::string& line, const std::string& specName, const std::string& asked,
    const std::string& where)
{
    Columns columns;
    std::vector<std::string> names = splitCells(line);
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty())
            throw MensaError(where, "column " + std::to_string(i + 1) + " has no name");
        if (!columns.index.emplace(names[i], i).second)
            throw MensaError(where, "column '" + names[i] + "' appears twice");
    }
    if (columns.find("mensa_model") < 0 && columns.find("model") < 0)
        throw MensaError(where, "no 'mensa_model' or 'model' column");
    columns.latency = chooseLatencyColumn(names, specName, asked, where);
    for (const char* name : { "energy_j", "energy_mj", "energy_uj" })
        if (columns.find(name) >= 0)
            columns.energy = name;
    return columns;
}

std::string cell(
    const std::vector<std::string>& cells, const Columns& columns, const std::string& name)
{
    const int i = columns.find(name);
    return i >= 0 && size_t(i) < cells.size() ? cells[size_t(i)] : "";
}

bool isOnnxPath(const std::string& name)
{
    return endsWith(name, ".onnx");
}

bool knownArchitecture(const std::string& name)
{
    if (findSample(name))
        return true;
    for (const auto& sample : validationSamples())
        if (sample.name == name)
            return true;
    return false;
}

Measurement parseRow(const std::vector<std::string>& cells, const Columns& columns,
    const std::string& csvFolder, const std::string& where)
{
    if (cells.size() != columns.index.size())
        throw MensaError(where,
            "expected " + std::to_string(columns.index.size()) + " columns, got "
                + std::to_string(cells.size()));
    Measurement m;
    m.where = where;
    const bool separate = columns.find("mensa_model") >= 0;
    m.model = cell(cells, columns, separate ? "mensa_model" : "model");
    m.input = cell(cells, columns, "input");
    m.layer = cell(cells, columns, "layer");
    const std::string shown = separate ? cell(cells, columns, "model") : m.model;
    m.label = (shown.empty() ? m.model : shown) + (m.input.empty() ? "" : " (" + m.input + ")")
        + (m.layer.empty() ? "" : " / " + m.layer);
    if (isOnnxPath(m.model) && fs::path(m.model).is_relative())
        m.model = (fs::path(csvFolder) / m.model).lexically_normal().string();
    else if (!m.model.empty() && !isOnnxPath(m.model) && !knownArchitecture(m.model))
        throw MensaError(where,
            "unknown model '" + m.model
                + "' (a sample model, a validation architecture or an .onnx file)");
    m.latencySeconds = positiveNumber(cell(cells, columns, columns.latency), where, columns.latency)
        * secondsPerUnit(columns.latency);
    if (!columns.energy.empty()) {
        const std::string energy = cell(cells, columns, columns.energy);
        const double scale = columns.energy == "energy_j" ? 1
            : columns.energy == "energy_mj"               ? 1e-3
                                                          : 1e-6;
        if (!energy.empty())
            m.energyJoules = positiveNumber(energy, where, columns.energy) * scale;
    }
    return m;
}

} // namespace

bool MeasurementSet::hasEnergy() const
{
    for (const auto& row : rows)
        if (row.energyJoules > 0)
            return true;
    return false;
}

MeasurementSet readMeasurementSet(
    const std::string& path, const std::string& specName, const std::string& latencyColumn)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw MensaError(path, "no such measurements file");
    requireRegularFile(path);
    std::istringstream in(readRegularFile(path, kMaxCsvBytes));
    const std::string folder = fs::path(path).parent_path().string();
    MeasurementSet set;
    set.path = path;
    std::optional<Columns> columns;
    int lineNumber = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const std::string where = path + ":" + std::to_string(lineNumber);
        if (line.empty() || line[0] == '#')
            continue;
        if (!columns) {
            columns = readColumns(line, specName, latencyColumn, where);
            set.latencyColumn = columns->latency;
            set.energyColumn = columns->energy;
            continue;
        }
        Measurement m = parseRow(splitCells(line), *columns, folder, where);
        if (m.model.empty())
            set.skipped.push_back(m.label);
        else
            set.rows.push_back(std::move(m));
    }
    if (!columns)
        throw MensaError(path, "no column line");
    if (set.rows.empty())
        throw MensaError(path, "no measurement of a model Mensa builds");
    return set;
}

std::shared_ptr<const Model> buildMeasuredModel(
    const std::string& name, const std::string& input, const std::string& where)
{
    if (isOnnxPath(name)) {
        if (!input.empty())
            throw MensaError(where, "input sizes apply to built-in architectures, not .onnx files");
        return std::make_shared<const Model>(importOnnxFile(name));
    }
    if (!knownArchitecture(name))
        throw MensaError(where, "unknown model '" + name + "'");
    if (!input.empty()) {
        PublishedLatency row;
        row.model = name;
        row.input = input;
        row.mensaModel = name;
        try {
            return std::make_shared<const Model>(buildPublishedModel(row));
        }
        catch (const MensaError& e) {
            throw MensaError(where, e.problem());
        }
    }
    if (const SampleModel* sample = findSample(name))
        return std::make_shared<const Model>(importOnnxBytes(serializeSample(*sample), name));
    return std::make_shared<const Model>(importOnnxBytes(serializeValidationSample(name), name));
}

} // namespace mensa
