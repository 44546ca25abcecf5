#include "PlotDocks.h"

#include <QDockWidget>
#include <QMainWindow>

#if __has_include("GanttView.h") && __has_include("EnergyView.h") && __has_include("ComparisonView.h") && \
    __has_include("RooflineView.h") && __has_include("ClusterView.h") && __has_include("FigureExporter.h")
#define MENSA_HAVE_FIGURE_VIEWS 1
#include "ClusterView.h"
#include "ComparisonView.h"
#include "EnergyView.h"
#include "FigureExporter.h"
#include "FigureInputs.h"
#include "GanttView.h"
#include "RooflineView.h"
#endif

namespace mensa {

#ifdef MENSA_HAVE_FIGURE_VIEWS

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Time-weighted mean PE utilisation of a design's schedule.
double meanUtilization(const Model& model, const DesignResult& d)
{
    double busy = 0, total = 0;
    for (size_t i = 0; i < model.layers.size(); ++i)
        if (const LayerCost* c = d.chosenCost(static_cast<int>(i)); c && c->mapped) {
            busy += c->utilization * c->seconds;
            total += c->seconds;
        }
    return total > 0 ? busy / total : 0;
}

views::GanttInput ganttInput(const ModelAnalysis& a, const DesignResult& d)
{
    views::GanttInput in;
    in.model = qs(a.model->name);
    in.schedule = d.schedule;
    for (size_t i = 0; i < a.model->layers.size(); ++i)
        in.layers.push_back({qs(a.model->layers[i].name), a.model->layers[i].kind,
                             i < a.groups.cluster.size() ? a.groups.cluster[i] : -1});
    for (const auto& n : a.groups.clusterNames)
        in.clusterNames << qs(n);
    return in;
}

std::vector<views::EnergyRecord> energyRecords(const ModelAnalysis& a)
{
    std::vector<views::EnergyRecord> records;
    for (const auto& d : a.designs) {
        if (!d.ok())
            continue;
        for (size_t i = 0; i < a.model->layers.size(); ++i) {
            const LayerCost* c = d.chosenCost(static_cast<int>(i));
            if (!c || !c->mapped)
                continue;
            const int acc = d.acceleratorOf(static_cast<int>(i));
            records.push_back({qs(d.design), qs(a.model->name),
                               acc < static_cast<int>(d.accelerators.size()) ? qs(d.accelerators[acc]) : QString(),
                               static_cast<int>(i), qs(a.model->layers[i].name), c->energy});
        }
    }
    return records;
}

void rooflineData(const ModelAnalysis& a, const DesignResult& d, std::vector<views::RooflineAccelerator>& accs,
                  std::vector<views::RooflinePoint>& points)
{
    for (const auto& acc : d.system.accelerators)
        accs.push_back(views::FigureInputs::rooflineAccelerator(*acc));
    for (size_t i = 0; i < a.model->layers.size(); ++i) {
        const LayerCost* c = d.chosenCost(static_cast<int>(i));
        if (!c)
            continue;
        const int layer = static_cast<int>(i);
        if (auto p = rooflinePoint(a.model->layers[i], layer, *c, d.acceleratorOf(layer)))
            points.push_back(views::FigureInputs::rooflinePoint(*a.model, *p));
    }
}

views::ClusterInput clusterInput(const std::vector<ModelAnalysisPtr>& analyses)
{
    views::ClusterInput in;
    if (analyses.empty())
        return in;
    const LayerGroups& g0 = analyses.front()->groups;
    for (const auto& f : g0.featureNames)
        in.featureNames << qs(f);
    for (size_t c = 0; c < g0.clusterNames.size(); ++c)
        in.clusters.push_back({qs(g0.clusterNames[c]), c < g0.centroids.size() ? g0.centroids[c] : std::vector<double>{}});
    for (const auto& a : analyses) {
        const LayerGroups& g = a->groups;
        for (size_t i = 0; i < g.cluster.size(); ++i)
            if (g.cluster[i] >= 0 && g.cluster[i] < static_cast<int>(in.clusters.size()))
                in.members.push_back({qs(a->model->name), static_cast<int>(i), qs(a->model->layers[i].name),
                                      g.cluster[i], i < g.silhouette.size() ? g.silhouette[i] : 0.0});
    }
    return in;
}

} // namespace

struct PlotDocks::Impl {
    AnalysisSession* session;
    LayerSelection* selection;
    views::GanttView* gantt = new views::GanttView;
    views::EnergyView* energy = new views::EnergyView;
    views::ComparisonView* comparison = new views::ComparisonView;
    views::RooflineView* roofline = new views::RooflineView;
    views::ClusterView* clusters = new views::ClusterView;
    QList<views::FigureView*> figures() const { return {gantt, energy, comparison, roofline, clusters}; }
};

PlotDocks::PlotDocks(QMainWindow* window, AnalysisSession* session, LayerSelection* selection)
    : QObject(window), m_impl(std::make_unique<Impl>())
{
    m_impl->session = session;
    m_impl->selection = selection;
    const std::pair<views::FigureView*, QString> docks[] = {
        {m_impl->gantt, tr("Schedule")},   {m_impl->energy, tr("Energy breakdown")},
        {m_impl->comparison, tr("Design comparison")}, {m_impl->roofline, tr("Roofline")},
        {m_impl->clusters, tr("Clusters")}};
    QDockWidget* first = nullptr;
    for (const auto& [view, title] : docks) {
        auto* dock = new QDockWidget(title, window);
        dock->setObjectName(view->metaObject()->className() + QString("Dock"));
        dock->setWidget(view);
        window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        if (first)
            window->tabifyDockWidget(first, dock);
        else
            first = dock;
        connect(view, &views::FigureView::layerClicked, this, [this](const views::LayerRef& ref) {
            for (int id : m_impl->session->modelIds())
                if (m_impl->session->modelName(id) == ref.model)
                    m_impl->selection->select({id, ref.layer});
        });
    }
    connect(selection, &LayerSelection::changed, this, [this] {
        views::LayerSet set;
        for (const auto& ref : m_impl->selection->layers())
            set.insert({m_impl->session->modelName(ref.model), ref.layer});
        for (views::FigureView* f : m_impl->figures())
            f->setHighlightedLayers(set);
    });
}

PlotDocks::~PlotDocks() = default;

bool PlotDocks::available() { return true; }

void PlotDocks::update(int currentModel, const QString& design)
{
    ModelAnalysisPtr a = m_impl->session->analysis(currentModel);
    std::vector<ModelAnalysisPtr> all;
    std::vector<views::DesignResult> results;
    for (int id : m_impl->session->modelIds()) {
        ModelAnalysisPtr m = m_impl->session->analysis(id);
        if (!m)
            continue;
        all.push_back(m);
        for (const auto& d : m->designs)
            if (d.ok())
                results.push_back({qs(d.design), qs(m->model->name), d.schedule.throughput > 0 ? d.schedule.throughput
                                   : d.schedule.latency > 0 ? 1.0 / d.schedule.latency : 0.0,
                                   d.schedule.energy, meanUtilization(*m->model, d)});
    }
    m_impl->comparison->setResults(results);
    // Published Mensa-G ratios, averaged over the 24 Google edge models (PACT 2021).
    m_impl->comparison->setReferences({{"mensa", "edge_tpu", views::ComparisonMetric::Throughput, 3.1},
                                       {"mensa", "edge_tpu", views::ComparisonMetric::EnergyEfficiency, 3.0},
                                       {"mensa", "eyeriss_v2", views::ComparisonMetric::Throughput, 4.3},
                                       {"mensa", "eyeriss_v2", views::ComparisonMetric::EnergyEfficiency, 2.4}});
    m_impl->comparison->setBaseline("edge_tpu");
    m_impl->clusters->setInput(clusterInput(all));
    const DesignResult* d = a ? a->design(design.toStdString()) : nullptr;
    if (!a || !d || !d->ok())
        return;
    m_impl->gantt->setInput(ganttInput(*a, *d));
    m_impl->energy->setRecords(energyRecords(*a));
    m_impl->energy->setFilter(QString(), qs(a->model->name));
    std::vector<views::RooflineAccelerator> accs;
    std::vector<views::RooflinePoint> points;
    rooflineData(*a, *d, accs, points);
    m_impl->roofline->setData(accs, points);
}

QString PlotDocks::exportAll(const QString& dir) const
{
    QList<const views::FigureView*> figures;
    for (views::FigureView* f : m_impl->figures())
        figures.append(f);
    views::ExportResult r = views::FigureExporter::exportAll(
        figures, dir, {views::FigureFormat::Pdf, views::FigureFormat::Svg, views::FigureFormat::Png, views::FigureFormat::Csv},
        {});
    return r.ok ? QString() : r.error;
}

#else // figure views not in this tree

struct PlotDocks::Impl {};
PlotDocks::PlotDocks(QMainWindow* window, AnalysisSession*, LayerSelection*) : QObject(window) {}
PlotDocks::~PlotDocks() = default;
bool PlotDocks::available() { return false; }
void PlotDocks::update(int, const QString&) {}
QString PlotDocks::exportAll(const QString&) const { return tr("figure views are not part of this build"); }

#endif

} // namespace mensa
