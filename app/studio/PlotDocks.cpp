#include "PlotDocks.h"

#include "ClusterView.h"
#include "ComparisonView.h"
#include "EnergyView.h"
#include "FigureExporter.h"
#include "FigureInputs.h"
#include "FigurePipeline.h"
#include "GanttView.h"
#include "MaeFigure.h"
#include "RooflineView.h"
#include "ScrollableDock.h"

#include "schedule/CostTable.h"
#include "util/Error.h"

#include <QDockWidget>
#include <QLabel>
#include <QMainWindow>
#include <QVBoxLayout>

namespace mensa {

namespace {

// Index in the snapshot of the model a session entry analysed, or -1.
int snapshotIndex(const Analysis& a, const ModelAnalysisPtr& m)
{
    for (size_t i = 0; m && i < a.models.size(); ++i)
        if (a.models[i] == m->model)
            return int(i);
    return -1;
}

// The current design's accelerators and the current model's layers on them.
void rooflineData(const Analysis& a, int model, int design,
    std::vector<views::RooflineAccelerator>& accs, std::vector<views::RooflinePoint>& points)
{
    const DesignRun* run = a.run(model, design);
    if (!run)
        return;
    std::vector<int> identity;
    for (const CostModelPtr& acc : a.designs[size_t(design)].system.accelerators) {
        identity.push_back(int(accs.size()));
        accs.push_back(views::FigureInputs::rooflineAccelerator(*acc));
    }
    points = views::FigureInputs::rooflinePoints(
        *a.models[size_t(model)], run->cost, identity, a.modelKey(size_t(model)));
}

// MAE of the current model on the current design (layers costed alone, as `mensa schedule
// --mae`); the figure says why when there is nothing to explore.
void showMae(views::MaeFigure* figure, const Analysis& a, int model, int design)
{
    const AcceleratorSystem& system = a.designs[size_t(design)].system;
    const Model& m = *a.models[size_t(model)];
    if (system.accelerators.size() < 2) {
        figure->setReport(
            {}, m.name, QObject::tr("MAE needs a design with several units (e.g. jetson_xavier)"));
        return;
    }
    try {
        figure->setReport(MaeExplorer(11).explore(m, buildCostTable(m, system)), m.name);
    }
    catch (const MensaError& e) {
        figure->setReport({}, m.name, QString::fromStdString(e.what()));
    }
}

views::ClusterInput clusterInput(const Analysis& a)
{
    if (!a.grouping.clusters)
        return {};
    std::vector<const Model*> models;
    for (const auto& m : a.models)
        models.push_back(m.get());
    return views::FigureInputs::clusterInput(*a.grouping.clusters, models, a.modelKeys());
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
    views::MaeFigure* mae = new views::MaeFigure;
    QDockWidget* maeDock = nullptr; // MAE is computed only while its dock is shown
    int lastModel = -1;
    QString lastDesign;
    QList<QLabel*> notices; // "2 of 3 models analysed" above the cross-model figures
    QList<views::FigureView*> figures() const
    {
        return { gantt, energy, comparison, roofline, clusters, mae };
    }
    // The dock's widget: the view, with a notice line above it when it draws every model.
    QWidget* dockContent(views::FigureView* view)
    {
        if (view != comparison && view != clusters)
            return view;
        auto* box = new QWidget;
        auto* layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(0);
        auto* notice = new QLabel(box);
        notice->setObjectName("analysedNotice");
        notice->setStyleSheet("QLabel { background: #FFF4D6; color: #5A3E00; padding: 3px; }");
        notice->hide();
        notices << notice;
        layout->addWidget(notice);
        layout->addWidget(view, 1);
        return box;
    }
};

PlotDocks::PlotDocks(QMainWindow* window, AnalysisSession* session, LayerSelection* selection)
    : QObject(window)
    , m_impl(std::make_unique<Impl>())
{
    m_impl->session = session;
    m_impl->selection = selection;
    const std::pair<views::FigureView*, QString> docks[]
        = { { m_impl->gantt, tr("Schedule") }, { m_impl->energy, tr("Energy breakdown") },
              { m_impl->comparison, tr("Design comparison") }, { m_impl->roofline, tr("Roofline") },
              { m_impl->clusters, tr("Clusters") }, { m_impl->mae, tr("MAE (GPU/DLA)") } };
    QDockWidget* first = nullptr;
    for (const auto& [view, title] : docks) {
        QDockWidget* dock = addScrollableDock(window, m_impl->dockContent(view), title,
            view->metaObject()->className() + QString("Dock"), Qt::BottomDockWidgetArea);
        if (view == m_impl->mae)
            m_impl->maeDock = dock;
        if (first)
            window->tabifyDockWidget(first, dock);
        else
            first = dock;
        // Figure marks carry the session's model id (Analysis::modelIds), never a name.
        connect(view, &views::FigureView::layerClicked, this,
            [this](const views::LayerRef& ref) { m_impl->selection->select(ref); });
        connect(view, &views::FigureView::emptySpaceClicked, this,
            [this] { m_impl->selection->clear(); });
    }
    connect(m_impl->maeDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            update(m_impl->lastModel, m_impl->lastDesign);
    });
    connect(selection, &LayerSelection::changed, this, [this] {
        for (views::FigureView* f : m_impl->figures())
            f->setHighlightedLayers(m_impl->selection->layers());
    });
}

PlotDocks::~PlotDocks() = default;

void PlotDocks::update(int currentModel, const QString& design)
{
    m_impl->lastModel = currentModel;
    m_impl->lastDesign = design;
    const Analysis a = m_impl->session->snapshot();
    const QString notice = m_impl->session->analysedNotice();
    for (QLabel* label : m_impl->notices) {
        label->setText(tr("Showing %1; the others join when their analysis ends.").arg(notice));
        label->setVisible(!notice.isEmpty());
    }
    const views::FigureData data = views::FigureData::from(a, false);
    const QString caption = views::figureCaption(a);
    for (views::FigureView* f : m_impl->figures())
        f->setCaption(caption);
    m_impl->comparison->setResults(data.comparison);
    m_impl->comparison->setReferences(views::FigureInputs::paperReferences());
    if (!a.designs.empty())
        m_impl->comparison->setBaseline(views::designLabel(a.designs.front()));
    m_impl->clusters->setInput(clusterInput(a));
    const int m = snapshotIndex(a, m_impl->session->analysis(currentModel));
    const int d = a.designIndex(design.toStdString());
    const auto gantt = views::ganttFigureInput(a, m, d);
    if (m < 0 || d < 0 || !gantt)
        return;
    m_impl->gantt->setInput(*gantt);
    m_impl->energy->setRecords(data.energy);
    m_impl->energy->setFilter(QString(), QString::fromStdString(a.models[size_t(m)]->name));
    m_impl->energy->setPerLayerDesign(views::designLabel(a.designs[size_t(d)]));
    std::vector<views::RooflineAccelerator> accs;
    std::vector<views::RooflinePoint> points;
    rooflineData(a, m, d, accs, points);
    m_impl->roofline->setData(accs, points);
    if (m_impl->maeDock->isVisible())
        showMae(m_impl->mae, a, m, d);
}

QString PlotDocks::exportAll(const QString& dir) const
{
    views::FigureExportChoice all;
    all.dir = dir;
    return exportChosen(all);
}

QString PlotDocks::exportChosen(const views::FigureExportChoice& choice) const
{
    try {
        const views::FigureSet figures = views::FigureSet::build(m_impl->session->snapshot());
        QList<const views::FigureView*> chosen;
        for (const views::FigureView* figure : figures.list())
            if (choice.chosen(figure->figureName()))
                chosen << figure;
        const views::ExportResult r
            = views::FigureExporter::exportAll(chosen, choice.dir, choice.formats, choice.options);
        return r.ok ? QString() : r.error;
    }
    catch (const MensaError& e) {
        return QString::fromStdString(e.what());
    }
}

QStringList PlotDocks::figureNames() const
{
    try {
        return views::FigureSet::build(m_impl->session->snapshot()).names();
    }
    catch (const MensaError&) {
        return {};
    }
}

} // namespace mensa
