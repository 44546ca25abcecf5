#include "study/PublishedValidation.h"

#include "cost/Simulation.h"
#include "cost/SystemLoader.h"
#include "onnx/OnnxImporter.h"
#include "samples/SampleSuite.h"
#include "samples/ValidationSamples.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/ResourceLocator.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <filesystem>
#include <sstream>

namespace mensa {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxTableBytes = 1u << 20;

std::vector<std::string> splitCells(const std::string& line)
{
    std::vector<std::string> cells;
    std::istringstream in(line);
    for (std::string cell; std::getline(in, cell, ',');)
        cells.push_back(cell);
    if (!line.empty() && line.back() == ',')
        cells.emplace_back();
    return cells;
}

double number(const std::string& text, const std::string& where, const std::string& column)
{
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    }
    catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value) || value < 0)
        throw MensaError(where, column + " must be a non-negative number, got '" + text + "'");
    return value;
}

// "299x299" -> { 1, 3, 299, 299 }.
std::vector<int64_t> imageShape(const std::string& input, const std::string& where)
{
    size_t x = input.find('x');
    if (x == std::string::npos)
        throw MensaError(where, "input must be HxW, got '" + input + "'");
    auto h = int64_t(number(input.substr(0, x), where, "input height"));
    auto w = int64_t(number(input.substr(x + 1), where, "input width"));
    if (h <= 0 || w <= 0)
        throw MensaError(where, "input must be HxW with positive sides, got '" + input + "'");
    return { 1, 3, h, w };
}

PublishedLatency parseRow(const std::string& line, const std::string& where)
{
    auto cells = splitCells(line);
    if (cells.size() != 6)
        throw MensaError(where, "expected 6 columns, got " + std::to_string(cells.size()));
    PublishedLatency row;
    row.model = cells[0];
    row.input = cells[1];
    row.usbMs = number(cells[2], where, "usb_ms");
    row.devboardMs = number(cells[3], where, "devboard_ms");
    row.mensaModel = cells[4];
    row.tolerance = number(cells[5], where, "tolerance");
    imageShape(row.input, where);
    return row;
}

ValidationRow compare(
    const PublishedLatency& row, const std::string& design, double publishedMs, double predictedMs)
{
    ValidationRow v;
    v.source = "Coral";
    v.model = row.model + " (" + row.input + ")";
    v.mensaModel = row.mensaModel;
    v.design = design;
    v.unit = "ms";
    v.predicted = predictedMs;
    v.published = publishedMs;
    v.tolerance = row.tolerance;
    return v;
}

} // namespace

bool ValidationRow::ok() const
{
    return published > 0 && std::isfinite(predicted) && std::abs(ratio() - 1.0) <= tolerance;
}

bool ValidationReport::allOk() const
{
    for (const auto& row : rows)
        if (!row.ok())
            return false;
    return true;
}

PublishedTable readPublishedLatencies(const std::string& path)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw MensaError(path, "no such measurements file");
    requireRegularFile(path);
    std::istringstream in(readRegularFile(path, kMaxTableBytes));
    PublishedTable table;
    table.path = path;
    const std::string kColumns = "model,input,usb_ms,devboard_ms,mensa_model,tolerance";
    bool sawColumns = false;
    int lineNumber = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        std::string where = path + ":" + std::to_string(lineNumber);
        if (line.empty())
            continue;
        if (line[0] == '#') {
            if (!sawColumns)
                table.header.push_back(line.size() > 2 ? line.substr(2) : "");
            continue;
        }
        if (!sawColumns) {
            if (line != kColumns)
                throw MensaError(where, "expected the column line '" + kColumns + "'");
            sawColumns = true;
            continue;
        }
        table.rows.push_back(parseRow(line, where));
    }
    if (!sawColumns)
        throw MensaError(path, "no column line '" + kColumns + "'");
    return table;
}

std::string shippedCoralTablePath()
{
    std::string spec = ResourceLocator().findAcceleratorSpec("coral_usb");
    if (spec.empty())
        return "";
    fs::path path
        = fs::path(spec).parent_path().parent_path() / "measurements" / "coral_published.csv";
    std::error_code ec;
    return fs::is_regular_file(path, ec) ? path.string() : "";
}

Model buildPublishedModel(const PublishedLatency& row)
{
    const std::vector<int64_t> shape = imageShape(row.input, row.model);
    onnx::ModelProto proto;
    if (const SampleModel* sample = findSample(row.mensaModel))
        proto = sample->build(WeightStorage::ExternalMissing);
    else if (!proto.ParseFromString(serializeValidationSample(row.mensaModel)))
        throw MensaError(row.mensaModel, "validation architecture does not serialise");
    // The architecture at the publisher's input size: the declared image input is resized and
    // shape inference carries the size through the graph.
    auto* dims = proto.mutable_graph()
                     ->mutable_input(0)
                     ->mutable_type()
                     ->mutable_tensor_type()
                     ->mutable_shape()
                     ->mutable_dim();
    if (dims->size() != int(shape.size()))
        throw MensaError(row.mensaModel, "image input is not N x C x H x W");
    for (int i = 0; i < dims->size(); ++i)
        dims->Mutable(i)->set_dim_value(shape[size_t(i)]);
    proto.mutable_graph()->clear_value_info();
    return importOnnxBytes(proto.SerializeAsString(), row.mensaModel + " (" + row.input + ")");
}

ValidationReport validateCoral(const PublishedTable& table)
{
    ValidationReport report;
    // The file, then its "source:" header line with the indented lines continuing it.
    std::string source = table.path;
    bool inSource = false;
    for (const auto& line : table.header) {
        inSource = line.rfind("source:", 0) == 0 || (inSource && line.rfind("  ", 0) == 0);
        if (inSource)
            source += "\n  " + line.substr(line.find_first_not_of(' '));
    }
    report.sources.push_back(source);
    const AcceleratorSystem usb = loadSystem("coral_usb");
    const AcceleratorSystem devboard = loadSystem("coral_devboard");
    for (const auto& row : table.rows) {
        if (row.mensaModel.empty()) {
            report.skipped.push_back(row.model + " (" + row.input + ")");
            continue;
        }
        const Model model = buildPublishedModel(row);
        if (row.usbMs > 0)
            report.rows.push_back(compare(
                row, usb.name, row.usbMs, simulate(model, *usb.accelerators.at(0)).latency * 1e3));
        if (row.devboardMs > 0)
            report.rows.push_back(compare(row, devboard.name, row.devboardMs,
                simulate(model, *devboard.accelerators.at(0)).latency * 1e3));
    }
    return report;
}

} // namespace mensa
