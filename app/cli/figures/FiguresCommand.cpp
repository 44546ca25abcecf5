// mensa figures: publication figures (PDF/SVG/PNG) and their data (CSV) for one or more
// models on several designs, rendered headless with the same views as Mensa Studio.
#include "CommandRegistry.h"
#include "FiguresUsage.h"
#include "ModelLoading.h"
#include "OffscreenFigures.h"
#include "StudyOptions.h"

#include "FigureExporter.h"
#include "FigureInputs.h"
#include "FigurePipeline.h"
#include "LibraryVersions.h"
#include "PolicyOptions.h"

#include "analysis/Analysis.h"
#include "study/Reproduction.h"
#include "util/Error.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

namespace mensa::cli {
namespace {

using namespace mensa::views;

int usageError(const std::string& problem)
{
    return cli::usageError("figures", problem);
}

// A preset ("single", "double", "slide") or "6x4", "6x4in", "16x10cm", "160x100mm" -> inches;
// nullopt when malformed or not positive.
std::optional<QSizeF> parseSize(const std::string& text)
{
    for (const SizePreset& preset : sizePresets())
        if (text == preset.name)
            return preset.inches;
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
    QStringList only; // figure-name prefixes (--figures); empty: every figure
};

// Parses and checks every option; returns an error message or empty.
std::string parseOptions(const CliArgs& args, Options& o)
{
    std::vector<std::string> known = modelLoadingOptions();
    known.insert(known.end(),
        { "out", "accel", "format", "dpi", "size", "objective", "font-size", "figures" });
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
    o.designs = args.listValues("accel");
    if (o.designs.empty())
        o.designs = defaultDesignNames();
    for (const std::string& f : args.listValues("format", "pdf,svg,png,csv")) {
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
    if (auto font = args.value("font-size")) {
        o.exportOptions.fontPoints = QString::fromStdString(*font).toDouble(&ok);
        if (!ok || o.exportOptions.fontPoints < 5 || o.exportOptions.fontPoints > 16)
            return "--font-size must be a number of points from 5 to 16";
    }
    for (const std::string& f : args.listValues("figures"))
        o.only << QString::fromStdString(f);
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

// Files are replaced atomically, but not silently: one line says how many were there.
void warnAboutReplacedFiles(const QList<const FigureView*>& figures, const Options& options)
{
    int existing = 0;
    for (const FigureView* figure : figures)
        for (FigureFormat format : options.formats)
            existing += QFileInfo::exists(
                QDir(options.outDir)
                    .filePath(figure->figureName() + "." + FigureExporter::extension(format)));
    if (existing > 0)
        std::cerr << "mensa figures: replacing " << existing << " existing file(s) in "
                  << options.outDir.toStdString() << "\n";
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
    QList<const FigureView*> chosen;
    for (const FigureView* figure : figures.list())
        if (FigureExporter::chosen(figure->figureName(), options.only))
            chosen << figure;
    if (chosen.isEmpty())
        throw MensaError("",
            "--figures " + options.only.join(',').toStdString() + " chooses none of the figures ("
                + figures.names().join(", ").toStdString() + ")");
    warnAboutReplacedFiles(chosen, options);
    return FigureExporter::exportAll(
        chosen, options.outDir, options.formats, options.exportOptions);
}

int runFigures(const CliArgs& args)
{
    Options options;
    if (const std::string problem = parseOptions(args, options); !problem.empty())
        return usageError(problem);
    const auto app = offscreenApplication("figures");
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

// The study's figures for `mensa reproduce`: the sample suite on its three designs, under the
// same policy as its tables, in OUT/figures.
int runReproduceFigures(const CliArgs& args)
{
    if (auto unknown = args.unknownOptions(reproduceOptions()); !unknown.empty())
        return cli::usageError("reproduce", "unknown option --" + unknown.front());
    const std::string outDir
        = (std::filesystem::path(args.valueOr("out", ".")) / "figures").string();
    Options options;
    options.designs = studySpecs(args);
    options.formats
        = { FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv };
    options.exportOptions.dpi = 300;
    options.outDir = QString::fromStdString(outDir);
    const auto app = offscreenApplication("figures");
    ExportResult written;
    try {
        options.policy = policyFromArgs(args);
        std::vector<Model> models;
        for (StudyModel& m : sampleSuiteStudyModels())
            models.push_back(std::move(m.model));
        written = renderFigures(std::move(models), options);
    }
    catch (const MensaError& e) {
        std::cerr << "mensa reproduce: " << e.what() << "\n";
        return 2;
    }
    if (!written.ok) {
        std::cerr << "mensa reproduce: " << written.error.toStdString() << "\n";
        return 1;
    }
    std::cout << "wrote " << written.files.size() << " figure files to " << outDir << "\n";
    return 0;
}

int runVersion(const CliArgs&)
{
    const VersionList versions = libraryVersions();
    std::cout << "mensa-figures " << MENSA_VERSION << "\n";
    for (size_t i = 1; i < versions.size(); ++i)
        std::cout << "  " << versions[i].first << " " << versions[i].second << "\n";
    return 0;
}

const CommandRegistration kVersion("version",
    { "print the versions of the libraries the figures are drawn with",
        "Usage: mensa-figures --version", runVersion });
const CommandRegistration kFigures("figures",
    { "write publication figures (PDF/SVG/PNG) and their CSV data", figuresUsage(), runFigures });
const CommandRegistration kReproduceFigures("reproduce-figures",
    { "the figures of `mensa reproduce` (run by mensa reproduce)", "Usage: mensa reproduce --help",
        runReproduceFigures, { "tables-only" } });

} // namespace

} // namespace mensa::cli
