#include "study/PublishedValidation.h"

#include "cost/Simulation.h"
#include "cost/SpecParser.h"
#include "cost/SystemLoader.h"
#include "cost/SystolicCostModel.h"
#include "onnx/OnnxImporter.h"
#include "samples/SampleSuite.h"
#include "samples/ValidationSamples.h"
#include "study/Reproduction.h"
#include "util/Error.h"
#include "util/RegularFile.h"
#include "util/ResourceLocator.h"
#include "util/TextFormat.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <tuple>

namespace mensa {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxTableBytes = 1u << 20;

double number(const std::string& text, const std::string& where, const std::string& column)
{
    const auto value = parseNumber(text);
    if (!value || *value < 0)
        throw MensaError(where, column + " must be a non-negative number, got '" + text + "'");
    return *value;
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
    auto cells = splitCsvLine(line);
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

// A file of the measurements folder beside the accelerator specs (source tree and install).
std::string shippedMeasurement(const std::string& fileName)
{
    std::string spec = ResourceLocator().findAcceleratorSpec("edge_tpu");
    if (spec.empty())
        return "";
    fs::path path = fs::path(spec).parent_path().parent_path() / "measurements" / fileName;
    std::error_code ec;
    return fs::is_regular_file(path, ec) ? path.string() : "";
}

// One SCALE-Sim topology row as SCALE-Sim reads it: a dense convolution without padding, output
// ceil((ifmap - filter + stride) / stride), window channels x filter_h x filter_w.
struct ScaleSimLayer {
    std::string topology, dataflow;
    double rows = 0, cols = 0, cycles = 0;
    GemmShape gemm;
};

ScaleSimLayer parseScaleSimRow(const std::string& line, const std::string& where)
{
    auto f = splitCsvLine(line);
    if (f.size() != 13)
        throw MensaError(where, "expected 13 columns, got " + std::to_string(f.size()));
    ScaleSimLayer l;
    l.topology = f[0], l.dataflow = f[3];
    if (l.dataflow != "ws" && l.dataflow != "os" && l.dataflow != "is")
        throw MensaError(where, "dataflow must be ws, os or is, got '" + l.dataflow + "'");
    l.rows = number(f[1], where, "array_rows");
    l.cols = number(f[2], where, "array_cols");
    double ifmapH = number(f[5], where, "ifmap_h"), ifmapW = number(f[6], where, "ifmap_w");
    double filterH = number(f[7], where, "filter_h"), filterW = number(f[8], where, "filter_w");
    double stride = number(f[11], where, "stride");
    if (l.rows < 1 || l.cols < 1 || l.rows > 65536 || l.cols > 65536 || stride < 1
        || filterH > ifmapH || filterW > ifmapW)
        throw MensaError(where, "not a valid layer on a valid array");
    l.gemm.sr = std::ceil((ifmapH - filterH + stride) / stride)
        * std::ceil((ifmapW - filterW + stride) / stride);
    l.gemm.t = number(f[9], where, "channels") * filterH * filterW;
    l.gemm.n = number(f[10], where, "num_filters");
    l.cycles = number(f[12], where, "scalesim_total_cycles");
    return l;
}

// The row of `rows` named `name`, appended (with the dataflow's tolerance) when new.
ValidationRow& scaleSimRow(std::vector<ValidationRow>& rows, const ScaleSimLayer& l)
{
    std::string name = l.topology + " (" + l.dataflow + " " + std::to_string(int(l.rows)) + "x"
        + std::to_string(int(l.cols)) + ")";
    for (auto& row : rows)
        if (row.model == name)
            return row;
    ValidationRow v;
    v.source = "SCALE-Sim v2";
    v.model = name;
    v.design = "SCALE-Sim array";
    v.unit = "cycles";
    // Output stationary: this model charges each layer's last output drain (R cycles), which
    // SCALE-Sim leaves out; that is 0.1-0.3% of these topologies' totals.
    v.tolerance = l.dataflow == "os" ? 0.005 : 0.001;
    rows.push_back(v);
    return rows.back();
}

// Reads a measurements CSV: the '#' lines before the column line (their text after "# ") go to
// `comment` (when given), every later row to `row` with its "file:line"; '#' lines after the
// column line and empty lines are skipped. MensaError for a missing file or column line.
void readMeasurements(const std::string& path, const std::string& columns,
    const std::function<void(const std::string&)>& comment,
    const std::function<void(const std::string& line, const std::string& where)>& row)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw MensaError(path, "no such measurements file");
    requireRegularFile(path);
    std::istringstream in(readRegularFile(path, kMaxTableBytes));
    bool sawColumns = false;
    int lineNumber = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const std::string where = path + ":" + std::to_string(lineNumber);
        if (line.empty())
            continue;
        if (line[0] == '#') {
            if (!sawColumns && comment)
                comment(line.size() > 2 ? line.substr(2) : "");
            continue;
        }
        if (!sawColumns) {
            if (line != columns)
                throw MensaError(where, "expected the column line '" + columns + "'");
            sawColumns = true;
            continue;
        }
        row(line, where);
    }
    if (!sawColumns)
        throw MensaError(path, "no column line '" + columns + "'");
}

// One row of the Eyeriss v2 table: a published figure of a sparse model at its densities.
struct EyerissFigure {
    std::string figure, mensaModel, unit;
    double published = 0, tolerance = 0;
    double weightDensity = 0, activationDensity = 0; // 0: not published, the row is listed
};

double density(const std::string& text, const std::string& where, const std::string& column)
{
    if (text.empty())
        return 0;
    double value = number(text, where, column);
    if (value <= 0 || value > 1)
        throw MensaError(where, column + " must be in (0, 1], got '" + text + "'");
    return value;
}

EyerissFigure parseEyerissRow(const std::string& line, const std::string& where)
{
    auto cells = splitCsvLine(line);
    if (cells.size() != 7)
        throw MensaError(where, "expected 7 columns, got " + std::to_string(cells.size()));
    EyerissFigure f { cells[0], cells[1], cells[3] };
    if (f.unit != "inferences/s" && f.unit != "inferences/J")
        throw MensaError(where, "unit must be inferences/s or inferences/J, got '" + f.unit + "'");
    f.published = number(cells[2], where, "published");
    f.weightDensity = density(cells[4], where, "weight_density");
    f.activationDensity = density(cells[5], where, "activation_density");
    if ((f.weightDensity > 0) != (f.activationDensity > 0))
        throw MensaError(where, "give both densities or neither");
    f.tolerance = number(cells[6], where, "tolerance");
    return f;
}

// Eyeriss v2 as the paper ran it: the built-in spec (the study's common 45 nm-class energies)
// with its sparsity block on at the model's densities and, as the headline figures assume, no
// off-chip bandwidth limit.
CostModelPtr eyerissAsPublished(const EyerissFigure& f)
{
    auto spec
        = std::make_shared<spec::AcceleratorSpec>(loadSystemSpec("eyeriss_v2")->accelerators(0));
    spec->mutable_sparsity()->set_enabled(true);
    spec->mutable_sparsity()->set_weight_density(f.weightDensity);
    spec->mutable_sparsity()->set_activation_density(f.activationDensity);
    spec->mutable_memory()->set_bandwidth_gb_per_s(1e5); // the validator's ceiling
    return makeCostModel(spec);
}

// The file, then its "source:" header line with the indented lines continuing it.
std::string describeSource(const std::string& path, const std::vector<std::string>& header)
{
    std::string source = path;
    bool inSource = false;
    for (const auto& line : header) {
        inSource = line.rfind("source:", 0) == 0 || (inSource && line.rfind("  ", 0) == 0);
        if (inSource)
            source += "\n  " + line.substr(line.find_first_not_of(' '));
    }
    return source;
}

} // namespace

SystolicCostModel scaleSimArray(
    const spec::AcceleratorSpec& base, int rows, int cols, const std::string& dataflow)
{
    auto spec = std::make_shared<spec::AcceleratorSpec>(base);
    spec->set_pe_rows(rows);
    spec->set_pe_cols(cols);
    spec->set_macs_per_pe_per_cycle(1);
    spec->set_pipelined_folds(false);
    spec->mutable_parameter_buffer()->set_bandwidth_bytes_per_cycle(rows);
    spec->mutable_activation_buffer()->set_bandwidth_bytes_per_cycle(rows);
    spec->set_dataflow(dataflow == "ws" ? spec::WEIGHT_STATIONARY
            : dataflow == "is"          ? spec::INPUT_STATIONARY
                                        : spec::OUTPUT_STATIONARY);
    return SystolicCostModel(spec);
}

ValidationReport validateScaleSim(const std::string& path)
{
    const auto edge = loadSystemSpec("edge_tpu");
    ValidationReport report;
    readMeasurements(path,
        "topology,array_rows,array_cols,dataflow,layer,ifmap_h,ifmap_w,filter_h,filter_w,"
        "channels,num_filters,stride,scalesim_total_cycles",
        nullptr, [&](const std::string& line, const std::string& where) {
            ScaleSimLayer l = parseScaleSimRow(line, where);
            ValidationRow& row = scaleSimRow(report.rows, l);
            row.predicted
                += scaleSimArray(edge->accelerators(0), int(l.rows), int(l.cols), l.dataflow)
                       .folds(l.gemm)
                       .cyclesPerPass;
            row.published += l.cycles;
        });
    report.sources.push_back(path
        + "\n  source: SCALE-Sim v2 (scalesim-project/scale-sim-v2), "
          "per-layer compute cycles, summed per topology");
    return report;
}

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
    PublishedTable table;
    table.path = path;
    readMeasurements(
        path, "model,input,usb_ms,devboard_ms,mensa_model,tolerance",
        [&](const std::string& comment) { table.header.push_back(comment); },
        [&](const std::string& line, const std::string& where) {
            table.rows.push_back(parseRow(line, where));
        });
    return table;
}

std::string shippedCoralTablePath()
{
    return shippedMeasurement("coral_published.csv");
}

std::string shippedScaleSimPath()
{
    return shippedMeasurement("scalesim_cycles.csv");
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
    report.sources.push_back(describeSource(table.path, table.header));
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

std::string shippedEyerissV2Path()
{
    return shippedMeasurement("eyeriss_v2_published.csv");
}

ValidationReport validateEyerissV2(const std::string& path)
{
    ValidationReport report;
    std::vector<std::string> header;
    // A throughput and an efficiency row of one model at one density share a run.
    std::map<std::tuple<std::string, double, double>, ModelCost> runs;
    readMeasurements(
        path, "figure,mensa_model,published,unit,weight_density,activation_density,tolerance",
        [&](const std::string& comment) { header.push_back(comment); },
        [&](const std::string& line, const std::string& where) {
            EyerissFigure f = parseEyerissRow(line, where);
            if (f.weightDensity == 0) {
                report.skipped.push_back(f.figure + " " + f.unit + " (densities not published)");
                return;
            }
            auto key = std::make_tuple(f.mensaModel, f.weightDensity, f.activationDensity);
            auto run = runs.find(key);
            if (run == runs.end()) {
                const Model model
                    = importOnnxBytes(serializeValidationSample(f.mensaModel), f.mensaModel);
                run = runs.emplace(key, simulate(model, *eyerissAsPublished(f))).first;
            }
            const ModelCost& cost = run->second;
            ValidationRow v;
            v.source = "Eyeriss v2";
            v.model = f.figure;
            v.mensaModel = f.mensaModel;
            v.design = "eyeriss_v2 (sparse)";
            v.unit = f.unit;
            v.predicted = f.unit == "inferences/s" ? cost.inferencesPerSecond
                                                   : 1.0 / cost.energyPerInference;
            v.published = f.published;
            v.tolerance = f.tolerance;
            report.rows.push_back(v);
        });
    report.sources.push_back(describeSource(path, header));
    return report;
}

ValidationReport validateMensaStudy()
{
    StudySystems systems;
    systems.edgeTpu = loadSystem("edge_tpu");
    systems.eyeriss = loadSystem("eyeriss_v2");
    systems.mensa = loadSystem("mensa");
    return validateMensaStudy(runStudy(sampleSuiteStudyModels(), systems));
}

void appendReport(ValidationReport& report, const ValidationReport& more)
{
    report.rows.insert(report.rows.end(), more.rows.begin(), more.rows.end());
    report.skipped.insert(report.skipped.end(), more.skipped.begin(), more.skipped.end());
    report.sources.insert(report.sources.end(), more.sources.begin(), more.sources.end());
}

ValidationReport validateShipped(const std::vector<StudyRun>* runs)
{
    const std::string coral = shippedCoralTablePath();
    if (coral.empty())
        throw MensaError("coral_published.csv", "shipped measurements not found");
    ValidationReport report = validateCoral(readPublishedLatencies(coral));
    if (!shippedScaleSimPath().empty())
        appendReport(report, validateScaleSim(shippedScaleSimPath()));
    if (!shippedEyerissV2Path().empty())
        appendReport(report, validateEyerissV2(shippedEyerissV2Path()));
    appendReport(report, runs ? validateMensaStudy(*runs) : validateMensaStudy());
    return report;
}

ValidationReport validateMensaStudy(const std::vector<StudyRun>& runs)
{
    std::vector<MensaGains> gains;
    for (const StudyRun& run : runs)
        gains.push_back(mensaGains(run));
    const MensaGains g = geomeanGains(gains);
    using Paper = PaperReportedGains;
    ValidationReport report;
    auto add = [&](const std::string& what, double predicted, double published) {
        ValidationRow v;
        v.source = "Mensa paper";
        v.model = what + " (geomean of the sample suite)";
        v.mensaModel = "sample suite";
        v.design = "mensa";
        v.unit = "x";
        v.predicted = predicted;
        v.published = published;
        v.tolerance = 0.25;
        report.rows.push_back(v);
    };
    add("throughput vs Edge TPU", g.throughputVsEdgeTpu, Paper::throughputVsEdgeTpu);
    add("energy efficiency vs Edge TPU", g.energyEfficiencyVsEdgeTpu,
        Paper::energyEfficiencyVsEdgeTpu);
    add("throughput vs Eyeriss v2", g.throughputVsEyeriss, Paper::throughputVsEyeriss);
    add("energy efficiency vs Eyeriss v2", g.energyEfficiencyVsEyeriss,
        Paper::energyEfficiencyVsEyeriss);
    report.sources.push_back("the Mensa paper's abstract (Boroumand et al., PACT 2021): averages "
                             "over its 24 Google models, against `mensa reproduce`'s geomeans "
                             "over the bundled sample suite (different models)");
    return report;
}

bool KnownOutside::names(const ValidationRow& row) const
{
    return row.source == source && row.model == model && row.design == design && row.unit == unit;
}

std::vector<KnownOutside> readKnownOutside(const std::string& path)
{
    std::vector<KnownOutside> known;
    readMeasurements(path, "source,model,design,unit,reason", nullptr,
        [&](const std::string& line, const std::string& where) {
            auto cells = splitCsvLine(line);
            if (cells.size() < 5 || cells[0].empty() || cells[1].empty() || cells[4].empty())
                throw MensaError(where, "expected source,model,design,unit,reason");
            KnownOutside k { cells[0], cells[1], cells[2], cells[3], cells[4], where };
            for (size_t i = 5; i < cells.size(); ++i)
                k.reason += "," + cells[i]; // the reason is free text
            for (const KnownOutside& other : known)
                if (std::tie(other.source, other.model, other.design, other.unit)
                    == std::tie(k.source, k.model, k.design, k.unit))
                    throw MensaError(where, "listed twice (first at " + other.where + ")");
            known.push_back(std::move(k));
        });
    return known;
}

std::string shippedKnownOutsidePath()
{
    return shippedMeasurement("known_outside.csv");
}

ValidationVerdict judgeAgainstKnown(
    const ValidationReport& report, const std::vector<KnownOutside>& known)
{
    ValidationVerdict verdict;
    verdict.known.assign(report.rows.size(), false);
    for (const KnownOutside& k : known) {
        auto row = std::find_if(report.rows.begin(), report.rows.end(),
            [&](const ValidationRow& r) { return k.names(r); });
        bool covered = std::any_of(report.rows.begin(), report.rows.end(),
            [&](const ValidationRow& r) { return r.source == k.source; });
        if (row == report.rows.end()) {
            if (covered)
                throw MensaError(k.where,
                    "names no figure of this run: " + k.source + " / " + k.model + " / " + k.design
                        + " / " + k.unit);
            continue;
        }
        if (row->ok())
            verdict.nowInside.push_back(
                k.where + ": " + k.source + " / " + k.model + " / " + k.design);
        else
            verdict.known[size_t(row - report.rows.begin())] = true;
    }
    for (size_t i = 0; i < report.rows.size(); ++i)
        verdict.unexpected += !report.rows[i].ok() && !verdict.known[i] ? 1 : 0;
    return verdict;
}

} // namespace mensa
