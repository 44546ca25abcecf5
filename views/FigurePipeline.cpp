#include "FigurePipeline.h"

#include "ClusterView.h"
#include "ComparisonView.h"
#include "EnergyView.h"
#include "FigureInputs.h"
#include "GanttView.h"
#include "PipeItFigures.h"
#include "RooflineView.h"
#include "ScatterFigure.h"

#include "study/PaperComparison.h"
#include "util/Error.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <map>

namespace mensa::views {
namespace {

void collectAccelerators(const Analysis& a, FigureData& data, bool strict)
{
    std::map<QString, int> byName; // accelerators shared between designs get one roofline
    for (const AnalysisDesign& d : a.designs) {
        if (!d.error.empty() && strict)
            throw MensaError("", d.error);
        data.rooflineIndex.emplace_back();
        for (const CostModelPtr& acc : d.system.accelerators) {
            const RooflineAccelerator r = FigureInputs::rooflineAccelerator(*acc);
            auto [it, fresh] = byName.emplace(r.name, static_cast<int>(data.accelerators.size()));
            if (fresh)
                data.accelerators.push_back(r);
            data.rooflineIndex.back().push_back(it->second);
        }
    }
}

const DesignRun& runOrThrow(const Analysis& a, size_t m, size_t d)
{
    const AnalysisCell& cell = a.cells[m][d];
    if (!cell.run)
        throw MensaError(a.models[m]->name, cell.error);
    return *cell.run;
}

void convertRuns(const Analysis& a, FigureData& data, bool strict)
{
    for (size_t m = 0; m < a.models.size(); ++m)
        for (size_t d = 0; d < a.designs.size(); ++d) {
            if (!strict && !a.run(int(m), int(d)))
                continue;
            const Model& model = *a.models[m];
            const ModelCost& cost = runOrThrow(a, m, d).cost;
            const QString name = designLabel(a.designs[d]);
            auto energy = FigureInputs::energyRecords(
                model, cost, a.designs[d].system, name, a.modelKey(m));
            data.energy.insert(data.energy.end(), energy.begin(), energy.end());
            data.comparison.push_back(FigureInputs::designResult(cost, name));
            data.comparison.back().kind = QString::fromStdString(modelKind(model));
            auto points
                = FigureInputs::rooflinePoints(model, cost, data.rooflineIndex[d], a.modelKey(m));
            data.roofline.insert(data.roofline.end(), points.begin(), points.end());
        }
}

// The first multi-accelerator design: the one whose schedule the Gantt figures show.
int ganttDesign(const Analysis& a)
{
    for (size_t d = 0; d < a.designs.size(); ++d)
        if (a.designs[d].system.accelerators.size() > 1)
            return int(d);
    return -1;
}

// Cluster of each layer of model m (empty when the grouping does not cover it).
std::vector<int> clusterOfModel(const Analysis& a, size_t m)
{
    return m < a.grouping.clusterOf.size() ? a.grouping.clusterOf[m] : std::vector<int> {};
}

void addEnergyFigures(const Analysis& a, const FigureData& data, FigureSet& set)
{
    for (const auto& model : a.models) {
        const QString name = QString::fromStdString(model->name);
        auto* energy = set.add<EnergyView>("energy_" + figureFileStem(name));
        energy->setRecords(data.energy);
        energy->setGrouping(EnergyGrouping::PerModel);
        energy->setFilter({}, name);
    }
}

void addGanttFigures(const Analysis& a, FigureSet& set)
{
    const int d = ganttDesign(a);
    if (d < 0)
        return;
    for (size_t m = 0; m < a.models.size(); ++m) {
        const Model& model = *a.models[m];
        runOrThrow(a, m, size_t(d));
        // Named by model and design: the Gantt is one schedule of one model on one design.
        auto* gantt
            = set.add<GanttView>("gantt_" + figureFileStem(QString::fromStdString(model.name)) + "_"
                + figureFileStem(QString::fromStdString(a.designs[size_t(d)].name)));
        gantt->setInput(*ganttFigureInput(a, int(m), d));
    }
}

void addComparisonFigures(const Analysis& a, const FigureData& data, FigureSet& set)
{
    for (size_t d = 0; d < a.designs.size() && a.designs.size() > 1; ++d) {
        // The first design is the main baseline; other single accelerators get their own.
        if (d > 0 && a.designs[d].system.accelerators.size() != 1)
            continue;
        const QString label = designLabel(a.designs[d]);
        auto* comparison = set.add<ComparisonView>(
            d == 0 ? "comparison" : "comparison_vs_" + figureFileStem(label));
        comparison->setResults(data.comparison);
        comparison->setReferences(FigureInputs::paperReferences());
        comparison->setBaseline(label);
    }
}

void addLayerFigures(const Analysis& a, FigureSet& set)
{
    std::vector<ScatterFigurePoint> scatter;
    for (size_t m = 0; m < a.models.size(); ++m) {
        auto points
            = FigureInputs::scatterPoints(*a.models[m], clusterOfModel(a, m), a.modelKey(m));
        scatter.insert(scatter.end(), points.begin(), points.end());
    }
    set.add<ScatterFigure>("scatter_params_flopb")->setPoints(scatter, clusterNames(a));
    if (!a.grouping.clusters)
        return;
    std::vector<const Model*> models;
    for (const auto& m : a.models)
        models.push_back(m.get());
    set.add<ClusterView>("clusters")
        ->setInput(FigureInputs::clusterInput(*a.grouping.clusters, models, a.modelKeys()));
}

} // namespace

FigureData FigureData::from(const Analysis& analysis, bool strict)
{
    FigureData data;
    collectAccelerators(analysis, data, strict);
    convertRuns(analysis, data, strict);
    return data;
}

QString designLabel(const AnalysisDesign& design)
{
    return FigureInputs::display(design.name);
}

QString figureCaption(const Analysis& analysis)
{
    QString caption = QString::fromStdString("Mapping policy " + analysis.policy.name());
    QStringList caveats;
    for (size_t m = 0; m < analysis.models.size(); ++m)
        for (size_t d = 0; d < analysis.designs.size(); ++d)
            if (const DesignRun* run = analysis.run(int(m), int(d)))
                for (const std::string& c : run->caveats())
                    if (!caveats.contains(QString::fromStdString(c)))
                        caveats << QString::fromStdString(c);
    return caveats.isEmpty() ? caption : caption + " (" + caveats.join("; ") + ")";
}

QStringList figureProvenance(const Analysis& analysis)
{
    QStringList lines { QStringLiteral("Mensa Studio " MENSA_VERSION) };
    for (const AnalysisDesign& design : analysis.designs) {
        const AcceleratorSystem& system = design.system;
        QString line = "design " + QString::fromStdString(design.name) + ": ";
        if (system.sourceText.empty()) {
            lines << line + "built in code";
            continue;
        }
        const QByteArray digest = QCryptographicHash::hash(
            QByteArray::fromStdString(system.sourceText), QCryptographicHash::Sha256);
        lines << line + QFileInfo(QString::fromStdString(system.sourcePath)).fileName() + " sha256 "
                + QString::fromLatin1(digest.toHex());
    }
    return lines;
}

std::optional<GanttInput> ganttFigureInput(const Analysis& analysis, int model, int design)
{
    const DesignRun* run = analysis.run(model, design);
    if (!run)
        return std::nullopt;
    GanttInput input = FigureInputs::ganttInput(*analysis.models[size_t(model)], run->schedule,
        clusterOfModel(analysis, size_t(model)), clusterNames(analysis),
        analysis.modelKey(size_t(model)));
    QString title = designLabel(analysis.designs[size_t(design)]) + ", objective "
        + QString::fromStdString(run->policy.name());
    for (const std::string& c : run->caveats())
        title += "; " + QString::fromStdString(c);
    input.title = title;
    return input;
}

QStringList clusterNames(const Analysis& analysis)
{
    QStringList names;
    for (const std::string& n : analysis.grouping.clusterNames)
        names << QString::fromStdString(n);
    return names;
}

QString figureFileStem(const QString& name)
{
    QString stem = name.toLower();
    stem.replace(QRegularExpression("[^a-z0-9]+"), "_");
    return stem.remove(QRegularExpression("^_+|_+$"));
}

FigureSet FigureSet::build(const Analysis& analysis)
{
    const FigureData data = FigureData::from(analysis, true);
    FigureSet set;
    addEnergyFigures(analysis, data, set);
    addGanttFigures(analysis, set);
    addPipeItGanttFigures(analysis, set);
    for (size_t acc = 0; acc < data.accelerators.size(); ++acc) {
        auto* roofline
            = set.add<RooflineView>("roofline_" + figureFileStem(data.accelerators[acc].name));
        roofline->setData(data.accelerators, data.roofline);
        roofline->setAccelerator(static_cast<int>(acc));
    }
    addComparisonFigures(analysis, data, set);
    addLayerFigures(analysis, set);
    const QString caption = figureCaption(analysis);
    const QStringList provenance = figureProvenance(analysis);
    for (const auto& view : set.m_views) {
        view->setCaption(caption);
        view->setProvenance(provenance);
    }
    return set;
}

QList<const FigureView*> FigureSet::list() const
{
    QList<const FigureView*> out;
    for (const auto& v : m_views)
        out << v.get();
    return out;
}

QStringList FigureSet::names() const
{
    QStringList out;
    for (const auto& v : m_views)
        out << v->figureName();
    return out;
}

// Two models with the same name must not overwrite each other's files.
QString FigureSet::uniqueName(const QString& name) const
{
    QString candidate = name;
    for (int n = 2; std::any_of(m_views.begin(), m_views.end(),
             [&](const auto& v) { return v->figureName() == candidate; });
         ++n)
        candidate = name + "_" + QString::number(n);
    return candidate;
}

} // namespace mensa::views
