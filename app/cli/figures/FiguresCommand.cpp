// mensa figures: publication figures (PDF/SVG/PNG) and their data (CSV) for one or more
// models on several designs, rendered headless with the same views as Mensa Studio.
#include "CommandRegistry.h"
#include "ModelLoading.h"
#include "StudyFigures.h"

#include "ClusterView.h"
#include "ComparisonView.h"
#include "EnergyView.h"
#include "FigureExporter.h"
#include "FigureInputs.h"
#include "FigureStyle.h"
#include "GanttView.h"
#include "RooflineView.h"
#include "ScatterFigure.h"

#include "cost/Simulation.h"
#include "cost/SystemLoader.h"
#include "util/Error.h"

#include "cluster/LayerClustering.h"
#include "schedule/MensaScheduler.h"
#include "schedule/ResidencyAwareScheduling.h"

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

const char* kUsage =
    "Usage: mensa figures MODEL.onnx... --out DIR [--accel NAME|SPEC]... [--format pdf,svg,png,csv]\n"
    "                     [--dpi N] [--size WxH[in|cm|mm]] [--input-shape NAME=1x3x224x224]...\n"
    "                     [--precision int8|fp16|fp32]\n\n"
    "Writes publication figures and the data behind them into DIR, one file per figure and format:\n"
    "  energy_<model>          energy breakdown by component (MAC, register file, buffers, NoC,\n"
    "                          off-chip + DRAM, static) of each design\n"
    "  gantt_<model>           per-layer schedule (latency objective) on the first multi-accelerator\n"
    "                          design (Mensa); its mapping is also the one costed for that design\n"
    "  roofline_<accelerator>  roofline of each accelerator with the layers it runs\n"
    "  comparison              throughput, energy efficiency and utilization normalised to the first\n"
    "                          design, per model plus geomean, with the paper-reported Mensa ratios\n"
    "  comparison_vs_<design>  the same, normalised to each further single-accelerator design\n"
    "  scatter_params_flopb    parameter footprint against FLOP/B of every layer, coloured by cluster\n"
    "  clusters                layer clusters: share per model and silhouette per layer\n"
    "--accel takes built-in designs (edge_tpu, eyeriss_v2, mensa) or spec files, repeated or comma\n"
    "separated (default: edge_tpu,eyeriss_v2,mensa). --size is the figure size (inches unless a unit is\n"
    "given; default: each figure's own size); --dpi applies to PNG (default 300). Output bytes depend\n"
    "only on the inputs. Exit codes: 0 ok, 1 a file could not be written, 2 bad arguments or input.";

int usageError(const std::string& problem) { return cli::usageError("figures", problem); }

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
    static const QRegularExpression re("^\\s*([0-9]*\\.?[0-9]+)\\s*[xX]\\s*([0-9]*\\.?[0-9]+)\\s*(in|cm|mm)?\\s*$");
    const auto m = re.match(QString::fromStdString(text));
    if (!m.hasMatch())
        return std::nullopt;
    const double perInch = m.captured(3) == "cm" ? 2.54 : m.captured(3) == "mm" ? 25.4 : 1.0;
    const QSizeF inches(m.captured(1).toDouble() / perInch, m.captured(2).toDouble() / perInch);
    if (inches.width() < 1.0 || inches.height() < 1.0 || inches.width() > 40 || inches.height() > 40)
        return std::nullopt;
    return inches;
}

QString fileStem(const QString& name)
{
    QString stem = name.toLower();
    stem.replace(QRegularExpression("[^a-z0-9]+"), "_");
    return stem.remove(QRegularExpression("^_+|_+$"));
}

struct Design {
    QString name; // display name
    AcceleratorSystem system;
    std::vector<int> rooflineIndex; // system accelerator -> roofline accelerator
};

struct Options {
    SystemScheduler scheduler; // maps each model onto multi-accelerator designs
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
    known.insert(known.end(), {"out", "accel", "format", "dpi", "size"});
    if (auto unknown = args.unknownOptions(known); !unknown.empty())
        return "unknown option --" + unknown.front();
    o.scheduler = [](const Model& model, const AcceleratorSystem& system) {
        return scheduleWithResidency(MensaScheduler(Objective::latency()), model, system);
    };
    o.models = args.positional();
    if (o.models.empty())
        return "missing MODEL argument";
    if (!args.value("out") || args.value("out")->empty())
        return "missing --out DIR";
    o.outDir = QString::fromStdString(*args.value("out"));
    o.designs = splitList(args.values("accel"));
    if (o.designs.empty())
        o.designs = {"edge_tpu", "eyeriss_v2", "mensa"};
    for (const std::string& f : splitList({args.valueOr("format", "pdf,svg,png,csv")})) {
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
            return "--size '" + *size + "' is not WxH (inches, or with cm/mm; each side 1 to 40 in)";
        o.exportOptions.sizeInches = *inches;
    }
    return {};
}

// Owns the figure widgets of one run and remembers them in export order.
class FigureSet {
public:
    template <typename View>
    View* add(const QString& name)
    {
        auto view = std::make_unique<View>();
        view->setFigureName(uniqueName(name));
        View* raw = view.get();
        m_views.push_back(std::move(view));
        return raw;
    }
    QList<const FigureView*> list() const
    {
        QList<const FigureView*> out;
        for (const auto& v : m_views)
            out << v.get();
        return out;
    }

private:
    // Two models with the same name must not overwrite each other's files.
    QString uniqueName(const QString& name) const
    {
        QString candidate = name;
        for (int n = 2; std::any_of(m_views.begin(), m_views.end(),
                                    [&](const auto& v) { return v->figureName() == candidate; });
             ++n)
            candidate = name + "_" + QString::number(n);
        return candidate;
    }
    std::vector<std::unique_ptr<FigureView>> m_views;
};

// All results the figures draw from.
struct Results {
    std::vector<Model> models;
    std::vector<std::optional<Schedule>> schedules; // per model: the first multi-accelerator design's
    std::optional<ClusterReport> clusters; // empty when too few layers to cluster
    std::vector<Design> designs;
    std::vector<RooflineAccelerator> accelerators;
    std::vector<EnergyRecord> energy;
    std::vector<DesignResult> comparison;
    std::vector<RooflinePoint> roofline;
};

// Results are keyed by model name: a second model of the same name becomes "name_2".
void makeNameUnique(std::vector<Model>& models)
{
    Model& last = models.back();
    const std::string base = last.name;
    for (int n = 2; std::any_of(models.begin(), models.end() - 1, [&](const Model& m) { return m.name == last.name; }); ++n)
        last.name = base + "_" + std::to_string(n);
}

void loadDesigns(const Options& o, Results& r)
{
    std::map<QString, int> byName; // accelerators shared between designs get one roofline
    for (const std::string& spec : o.designs) {
        Design d{FigureInputs::display(spec), loadSystem(spec), {}};
        d.name = FigureInputs::display(d.system.name.empty() ? spec : d.system.name);
        for (const CostModelPtr& a : d.system.accelerators) {
            const RooflineAccelerator acc = FigureInputs::rooflineAccelerator(*a);
            auto [it, fresh] = byName.emplace(acc.name, static_cast<int>(r.accelerators.size()));
            if (fresh)
                r.accelerators.push_back(acc);
            d.rooflineIndex.push_back(it->second);
        }
        r.designs.push_back(std::move(d));
    }
}

// Single accelerators run the whole model; systems run the mapping of the Mensa schedule.
ModelCost simulateDesign(const Model& model, const Design& design, const SystemScheduler& scheduler,
                         std::optional<Schedule>& schedule)
{
    if (design.system.accelerators.size() == 1)
        return simulate(model, *design.system.accelerators.front());
    Schedule s = scheduler(model, design.system);
    ModelCost cost = simulateAssignment(model, design.system, s.assignment);
    if (!schedule)
        schedule = std::move(s);
    return cost;
}

void simulateAll(Results& r, const SystemScheduler& scheduler)
{
    r.schedules.assign(r.models.size(), std::nullopt);
    for (size_t m = 0; m < r.models.size(); ++m)
        for (const Design& d : r.designs) {
            const Model& model = r.models[m];
            const ModelCost cost = simulateDesign(model, d, scheduler, r.schedules[m]);
            auto energy = FigureInputs::energyRecords(model, cost, d.system, d.name);
            r.energy.insert(r.energy.end(), energy.begin(), energy.end());
            r.comparison.push_back(FigureInputs::designResult(cost, d.name));
            auto points = FigureInputs::rooflinePoints(model, cost, d.rooflineIndex);
            r.roofline.insert(r.roofline.end(), points.begin(), points.end());
        }
}

// Clusters the compute layers of all models; too few layers is not an error for figures.
void clusterAll(Results& r)
{
    std::vector<const Model*> models;
    for (const Model& m : r.models)
        models.push_back(&m);
    try {
        r.clusters = clusterLayers(models);
    } catch (const MensaError& e) {
        std::cerr << "mensa figures: warning: no cluster figures: " << e.what() << "\n";
    }
}

std::vector<int> layerClusters(const Results& r, size_t model)
{
    if (r.clusters)
        return FigureInputs::layerClusters(*r.clusters, static_cast<int>(model), r.models[model].layers.size());
    return {};
}

QStringList clusterNames(const Results& r)
{
    return r.clusters ? FigureInputs::clusterNames(*r.clusters) : QStringList();
}

void buildClusterFigure(const Results& r, FigureSet& set)
{
    if (!r.clusters)
        return;
    std::vector<const Model*> models;
    for (const Model& m : r.models)
        models.push_back(&m);
    set.add<ClusterView>("clusters")->setInput(FigureInputs::clusterInput(*r.clusters, models));
}

void buildFigures(const Results& r, FigureSet& set)
{
    for (const Model& model : r.models) {
        const QString name = QString::fromStdString(model.name);
        auto* energy = set.add<EnergyView>("energy_" + fileStem(name));
        energy->setRecords(r.energy);
        energy->setGrouping(EnergyGrouping::PerModel);
        energy->setFilter({}, name);
    }
    for (size_t m = 0; m < r.models.size(); ++m)
        if (r.schedules[m]) {
            auto* gantt = set.add<GanttView>("gantt_" + fileStem(QString::fromStdString(r.models[m].name)));
            gantt->setInput(FigureInputs::ganttInput(r.models[m], *r.schedules[m], layerClusters(r, m), clusterNames(r)));
        }
    for (size_t a = 0; a < r.accelerators.size(); ++a) {
        auto* roofline = set.add<RooflineView>("roofline_" + fileStem(r.accelerators[a].name));
        roofline->setData(r.accelerators, r.roofline);
        roofline->setAccelerator(static_cast<int>(a));
    }
    for (size_t d = 0; d < r.designs.size() && r.designs.size() > 1; ++d) {
        // The first design is the main baseline; other single accelerators get their own.
        if (d > 0 && r.designs[d].system.accelerators.size() != 1)
            continue;
        auto* comparison = set.add<ComparisonView>(d == 0 ? "comparison" : "comparison_vs_" + fileStem(r.designs[d].name));
        comparison->setResults(r.comparison);
        comparison->setReferences(FigureInputs::paperReferences());
        comparison->setBaseline(r.designs[d].name);
    }
    std::vector<ScatterFigurePoint> scatter;
    for (size_t m = 0; m < r.models.size(); ++m) {
        auto points = FigureInputs::scatterPoints(r.models[m], layerClusters(r, m));
        scatter.insert(scatter.end(), points.begin(), points.end());
    }
    set.add<ScatterFigure>("scatter_params_flopb")->setPoints(scatter, clusterNames(r));
    buildClusterFigure(r, set);
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
    static char* argv[] = {name, nullptr};
    return std::make_unique<QApplication>(argc, argv);
}

// Simulates, clusters, builds and writes every figure of the loaded models and designs.
ExportResult renderFigures(Results& results, const Options& options)
{
    simulateAll(results, options.scheduler);
    clusterAll(results);
    FigureSet figures;
    buildFigures(results, figures);
    return FigureExporter::exportAll(figures.list(), options.outDir, options.formats, options.exportOptions);
}

int runFigures(const CliArgs& args)
{
    Options options;
    if (const std::string problem = parseOptions(args, options); !problem.empty())
        return usageError(problem);
    const auto app = offscreenApplication();
    Results results;
    ExportResult written;
    try {
        loadDesigns(options, results);
        for (const std::string& path : options.models) {
            results.models.push_back(loadModelFromArgs(args, path));
            makeNameUnique(results.models);
            printWarnings(results.models.back(), "figures", std::cerr);
        }
        written = renderFigures(results, options);
    } catch (const MensaError& e) {
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

const CommandRegistration kRegistration("figures", {"write publication figures (PDF/SVG/PNG) and their CSV data",
                                                    kUsage, runFigures});

} // namespace

StudyFigureResult writeStudyFigures(std::vector<Model> models, const std::vector<std::string>& designs,
                                    const SystemScheduler& scheduler, const std::string& outDir)
{
    Options options;
    options.scheduler = scheduler;
    options.designs = designs;
    options.formats = {FigureFormat::Pdf, FigureFormat::Svg, FigureFormat::Png, FigureFormat::Csv};
    options.exportOptions.dpi = 300;
    options.outDir = QString::fromStdString(outDir);
    const auto app = offscreenApplication();
    Results results;
    loadDesigns(options, results);
    results.models = std::move(models);
    const ExportResult written = renderFigures(results, options);
    return {static_cast<int>(written.files.size()), written.ok ? std::string() : written.error.toStdString()};
}

} // namespace mensa::cli
