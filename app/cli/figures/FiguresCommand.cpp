// mensa figures: publication figures (PDF/SVG/PNG) and their data (CSV) for one or more
// models on several designs, rendered headless with the same views as Mensa Studio.
#include "CommandRegistry.h"
#include "ModelLoading.h"
#include "StudyFigures.h"

#include "FigureExporter.h"
#include "FigureInputs.h"
#include "FigurePipeline.h"
#include "PolicyOptions.h"

#include "analysis/Analysis.h"
#include "util/Error.h"

#include <QApplication>
#include <QDir>
#include <QRegularExpression>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

namespace mensa::cli {
namespace {

using namespace mensa::views;

const char* kUsage
    = "Usage: mensa figures MODEL.onnx... --out DIR [--accel NAME|SPEC]... [--format "
      "pdf,svg,png,csv]\n"
      "                     [--dpi N] [--size WxH[in|cm|mm]] [--input-shape NAME=1x3x224x224]...\n"
      "                     [--precision int8|fp16|fp32] [--objective "
      "latency|energy|edp|weighted:W]\n\n"
      "Writes publication figures and the data behind them into DIR, one file per figure and "
      "format:\n"
      "  energy_<model>          energy breakdown by component (MAC, register file, buffers, NoC,\n"
      "                          off-chip + DRAM, static) of each design\n"
      "  gantt_<model>           per-layer schedule on the first multi-accelerator design "
      "(Mensa):\n"
      "                          the same run as every other figure, table and view shows\n"
      "  roofline_<accelerator>  roofline of each accelerator with the layers it runs\n"
      "  comparison              throughput, energy efficiency and utilization normalised to the "
      "first\n"
      "                          design, per model plus geomean, with the paper-reported Mensa "
      "ratios\n"
      "  comparison_vs_<design>  the same, normalised to each further single-accelerator design\n"
      "  scatter_params_flopb    parameter footprint against FLOP/B of every layer, coloured by "
      "cluster\n"
      "  clusters                layer clusters: share per model and silhouette per layer\n"
      "--accel takes built-in designs (edge_tpu, eyeriss_v2, mensa) or spec files, repeated or "
      "comma\n"
      "separated (default: edge_tpu,eyeriss_v2,mensa). --size is the figure size (inches unless a "
      "unit is\n"
      "given; default: each figure's own size); --dpi applies to PNG (default 300). --objective is "
      "what\n"
      "the mapping minimises (default edp: the one policy of docs/methodology.md). Output bytes "
      "depend\n"
      "only on the inputs. Exit codes: 0 ok, 1 a file could not be written, 2 bad arguments or "
      "input.";

int usageError(const std::string& problem)
{
    return cli::usageError("figures", problem);
}

std::vector<std::string> splitList(const std::vector<std::string>& values)
{
    std::vector<std::string> out;
    for (const std::string& v : values)
        for (const QString& part : QString::fromStdString(v).split(',', Qt::SkipEmptyParts))
            out.push_back(part.trimmed().toStdString());
    return out;
}

// "6x4", "6x4in", "16x10cm", "160x100mm" -> inches; nullopt when malformed or not positive.
std::optional<QSizeF> parseSize(const std::string& text)
{
    static const QRegularExpression re(
        "^\\s*([0-9]*\\.?[0-9]+)\\s*[xX]\\s*([0-9]*\\.?[0-9]+)\\s*(in|cm|mm)?\\s*$");
    const auto m = re.match(QString::fromStdString(text));
    if (!m.hasMatch())
        return std::nullopt;
    const double perInch = m.captured(3) == "cm" ? 2.54 : m.captured(3) == "mm" ? 25.4 : 1.0;
    const QSizeF inches(m.captured(1).toDouble() / perInch, m.captured(2).toDouble() / perInch);
    if (inches.width() < 1.0 || inches.height() < 1.0 || inches.width() > 40
        || inches.height() > 40)
        return std::nullopt;
    return inches;
}

struct Options {
    MappingPolicy policy;
    std::vector<std::string> models;
    std::vector<std::string> designs;
    QList<FigureFormat> formats;
    ExportOptions exportOptions;
    QString outDir;
};

// Parses and checks every option; returns an error message or empty.
std::string parseOptions(const CliArgs& args, Options& o)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(), { "out", "accel", "format", "dpi", "size", "objective" });
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return "unknown option --" + unknown.front();
    try {
        o.policy = policyFromArgs(args);
    }
    catch (const MensaError& e) {
        return e.what();
    }
    o.models = args.positional();
    if (o.models.empty())
        return "missing MODEL argument";
    if (!args.value("out") || args.value("out")->empty())
        return "missing --out DIR";
    o.outDir = QString::fromStdString(*args.value("out"));
    o.designs = splitList(args.values("accel"));
    if (o.designs.empty())
        o.designs = defaultDesignNames();
    for (const std::string& f : splitList({ args.valueOr("format", "pdf,svg,png,csv") })) {
        const auto format = FigureExporter::parseFormat(QString::fromStdString(f));
        if (!format)
            return "unknown format '" + f + "' (use pdf, svg, png, csv)";
        if (!o.formats.contains(*format))
            o.formats << *format;
    }
    if (o.formats.isEmpty())
        return "--format lists no format";
    bool ok = false;
    o.exportOptions.dpi = QString::fromStdString(args.valueOr("dpi", "300")).toInt(&ok);
    if (!ok || o.exportOptions.dpi < 10 || o.exportOptions.dpi > 2400)
        return "--dpi must be a whole number from 10 to 2400";
    if (auto size = args.value("size")) {
        const auto inches = parseSize(*size);
        if (!inches)
            return "--size '" + *size
                + "' is not WxH (inches, or with cm/mm; each side 1 to 40 in)";
        o.exportOptions.sizeInches = *inches;
    }
    return {};
}

// Results are keyed by model name: a second model of the same name becomes "name_2".
void makeNameUnique(std::vector<Model>& models)
{
    Model& last = models.back();
    const std::string base = last.name;
    for (int n = 2; std::any_of(
             models.begin(), models.end() - 1, [&](const Model& m) { return m.name == last.name; });
         ++n)
        last.name = base + "_" + std::to_string(n);
}

// Qt's own notices (e.g. about XDG_RUNTIME_DIR under the offscreen platform) are not the
// user's concern; real errors still reach stderr.
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::cerr << "mensa figures: Qt: " << message.toStdString() << "\n";
}

// Figures need Qt Gui; render without a display so the command runs anywhere. The caller
// keeps the application while rendering (none is made when one exists): a QApplication left
// to static destruction crashes at exit.
std::unique_ptr<QApplication> offscreenApplication()
{
    if (QApplication::instance())
        return nullptr;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler(quietQtMessages);
    static int argc = 1;
    static char name[] = "mensa";
    static char* argv[] = { name, nullptr };
    return std::make_unique<QApplication>(argc, argv);
}

// Runs every model on every design under the policy, then builds and writes every figure.
ExportResult renderFigures(std::vector<Model> models, const Options& options)
{
    std::vector<std::shared_ptr<const Model>> shared;
    for (Model& m : models)
        shared.push_back(std::make_shared<const Model>(std::move(m)));
    const Analysis analysis
        = analyse(std::move(shared), loadDesignsOrThrow(options.designs), options.policy);
    if (!analysis.grouping.clusters)
        std::cerr << "mensa figures: warning: no cluster figures: "
                  << analysis.grouping.clusterProblem << "\n";
    const FigureSet figures = FigureSet::build(analysis);
    return FigureExporter::exportAll(
        figures.list(), options.outDir, options.formats, options.exportOptions);
}

int runFigures(const CliArgs& args)
{
    Options options;
    if (const std::string problem = parseOptions(args, options); !problem.empty())
        return usageError(problem);
    const auto app = offscreenApplication();
    ExportResult written;
    try {
        loadDesignsOrThrow(options.designs); // a bad spec is reported before the slow imports
        std::vector<Model> models;
        for (const std::string& path : options.models) {
            models.push_back(loadModelFromArgs(args, path));
            makeNameUnique(models);
            printWarnings(models.back(), "figures", std::cerr);
        }
        written = renderFigures(std::move(models), options);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa figures: " << e.what() << "\n";
        return 2;
    }
    for (const QString& file : written.files)
        std::cout << file.toStdString() << "\n";
    if (!written.ok) {
        std::cerr << "mensa figures: " << written.error.toStdString() << "\n";
        return 1;
    }
    return 0;
}

const CommandRegistration kRegistration("figures",
    { "write publication figures (PDF/SVG/PNG) and their CSV data", kUsage, runFigures });

} // namespace

StudyFigureResult writeStudyFigures(std::vector<Model> models,
    const std::vector<std::string>& designs, const MappingPolicy& policy, const std::string& outDir)
{
    Options options;
    options.policy = policy;
    options.designs = designs;
    options.formats
        = { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv };
    options.exportOptions.dpi = 300;
    options.outDir = QString::fromStdString(outDir);
    const auto app = offscreenApplication();
    const ExportResult written = renderFigures(std::move(models), options);
    return { static_cast<int>(written.files.size()),
        written.ok ? std::string() : written.error.toStdString() };
}

} // namespace mensa::cli
