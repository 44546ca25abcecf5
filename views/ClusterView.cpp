#include "ClusterView.h"

#include "AxisTooltips.h"
#include "CsvTable.h"
#include "FigureStyle.h"

#include <QHeaderView>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace mensa::views {
namespace {

constexpr double kClusterGap
    = 0.04; // gap between clusters in the silhouette plot, share of members

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QTableWidgetItem* numberCell(double value)
{
    auto* item = cell(QString::number(value, 'g', 4));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

ClusterView::ClusterView(QWidget* parent)
    : FigureView(parent)
    , m_plot(new QCustomPlot(this))
{
    setFigureName("clusters");
    m_centroids = new QTableWidget(this);
    m_memberTable = new QTableWidget(this);
    for (QTableWidget* t : { m_centroids, m_memberTable }) {
        t->verticalHeader()->setVisible(false);
        t->setSelectionBehavior(QAbstractItemView::SelectRows);
    }
    m_memberTable->setSortingEnabled(true);
    auto* tabs = new QTabWidget(this);
    tabs->addTab(m_centroids, tr("Centroids"));
    tabs->addTab(m_memberTable, tr("Members"));
    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_plot);
    splitter->addWidget(tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    connect(m_memberTable, &QTableWidget::cellClicked, this, [this](int row, int) {
        const QTableWidgetItem* item = m_memberTable->item(row, 0);
        if (item)
            emit layerClicked(item->data(Qt::UserRole).value<LayerRef>());
    });
    connect(m_plot, &QCustomPlot::plottableClick, this,
        [this](QCPAbstractPlottable* p, int i, QMouseEvent*) { onPlottableClick(p, i); });
    m_plot->setInteractions(QCP::iSelectPlottables);

    // Legend on top; the two panels side by side in a nested grid below it.
    FigureStyle::placeLegendOnTop(m_plot, 4);
    m_composition = m_plot->axisRect();
    m_plot->plotLayout()->take(m_composition);
    m_plot->plotLayout()->simplify();
    m_silhouette = new QCPAxisRect(m_plot);
    auto* panels = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, panels);
    const QFont titleFont = FigureStyle::font(FigureStyle::TextRole::Label);
    panels->addElement(
        0, 0, new QCPTextElement(m_plot, tr("(a) Cluster share per model"), titleFont));
    panels->addElement(0, 1, new QCPTextElement(m_plot, tr("(b) Silhouette per layer"), titleFont));
    panels->addElement(1, 0, m_composition);
    panels->addElement(1, 1, m_silhouette);
    panels->setRowStretchFactors({ 0.001, 1.0 });
    panels->setRowSpacing(0);
    panels->setColumnStretchFactors({ 1.2, 1.0 });
    panels->setColumnSpacing(12);
    FigureStyle::apply(m_plot);
}

QString ClusterView::clusterName(int cluster) const
{
    if (cluster >= 0 && cluster < static_cast<int>(m_input.clusters.size())
        && !m_input.clusters[static_cast<size_t>(cluster)].name.isEmpty())
        return m_input.clusters[static_cast<size_t>(cluster)].name;
    return tr("Cluster %1").arg(cluster + 1);
}

void ClusterView::setInput(ClusterInput input)
{
    m_input = std::move(input);
    computeShares();
    fillTables();
    rebuild();
}

void ClusterView::setHighlightedLayers(const LayerSet& layers)
{
    m_highlighted = layers;
    rebuild();
}

void ClusterView::computeShares()
{
    m_shares = m_input.modelShares;
    if (!m_shares.empty())
        return;
    const size_t k = m_input.clusters.size();
    for (const ClusterMember& m : m_input.members) {
        auto it = std::find_if(m_shares.begin(), m_shares.end(),
            [&](const ModelShare& s) { return s.model == m.model; });
        if (it == m_shares.end())
            it = m_shares.insert(
                m_shares.end(), ModelShare { m.model, std::vector<double>(k, 0.0) });
        if (m.cluster >= 0 && m.cluster < static_cast<int>(k))
            it->shares[static_cast<size_t>(m.cluster)] += 1;
    }
    for (ModelShare& s : m_shares) {
        const double total = std::accumulate(s.shares.begin(), s.shares.end(), 0.0);
        for (double& v : s.shares)
            v = total > 0 ? v / total : 0;
    }
}

double ClusterView::meanSilhouette() const
{
    if (m_input.members.empty())
        return 0;
    double sum = 0;
    for (const ClusterMember& m : m_input.members)
        sum += m.silhouette;
    return sum / static_cast<double>(m_input.members.size());
}

void ClusterView::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_markCount = 0;
    buildComposition();
    buildSilhouette();
    addHighlights();
    FigureStyle::apply(m_plot);
    m_plot->replot();
}

void ClusterView::buildComposition()
{
    QCPAxis* x = m_composition->axis(QCPAxis::atBottom);
    QCPAxis* y = m_composition->axis(QCPAxis::atLeft);
    QCPBars* below = nullptr;
    for (size_t c = 0; c < m_input.clusters.size(); ++c) {
        auto* bars = new QCPBars(x, y);
        bars->setName(clusterName(static_cast<int>(c)));
        bars->setBrush(FigureStyle::clusterColor(static_cast<int>(c)));
        bars->setPen(QPen(Qt::white, 0.4));
        bars->setWidth(0.7);
        for (size_t m = 0; m < m_shares.size(); ++m) {
            const double share = c < m_shares[m].shares.size() ? m_shares[m].shares[c] * 100 : 0;
            bars->addData(static_cast<double>(m), share);
            m_markCount += share > 0 ? 1 : 0;
        }
        if (below)
            bars->moveAbove(below);
        below = bars;
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (size_t m = 0; m < m_shares.size(); ++m)
        ticker->addTick(static_cast<double>(m), m_shares[m].model);
    x->setTicker(ticker);
    x->setTickLabelRotation(m_shares.size() > 4 ? 45 : 0);
    x->setSubTicks(false);
    x->grid()->setVisible(false);
    x->setRange(-0.6, std::max<double>(0, static_cast<double>(m_shares.size()) - 1) + 0.6);
    y->setRange(0, 100);
    y->setLabel(FigureStyle::axisLabel(tr("Share of layers"), "%"));
}

void ClusterView::buildSilhouette()
{
    QCPAxis* keyAxis = m_silhouette->axis(QCPAxis::atLeft);
    QCPAxis* valueAxis = m_silhouette->axis(QCPAxis::atBottom);
    const size_t k = m_input.clusters.size();
    const double gap = std::max(1.0, kClusterGap * static_cast<double>(m_input.members.size()));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    m_silhouetteBars.clear();
    m_memberKeys.assign(m_input.members.size(), { -1, 0 });
    double key = 0;
    for (size_t c = 0; c < k; ++c) {
        std::vector<int> members;
        for (size_t i = 0; i < m_input.members.size(); ++i)
            if (m_input.members[i].cluster == static_cast<int>(c))
                members.push_back(static_cast<int>(i));
        std::stable_sort(members.begin(), members.end(), [this](int a, int b) {
            return m_input.members[static_cast<size_t>(a)].silhouette
                > m_input.members[static_cast<size_t>(b)].silhouette;
        });
        auto* bars = new QCPBars(keyAxis, valueAxis);
        bars->removeFromLegend();
        bars->setBrush(FigureStyle::clusterColor(static_cast<int>(c)));
        bars->setPen(Qt::NoPen);
        bars->setWidth(1.0);
        const double first = key;
        for (int member : members) {
            bars->addData(key, m_input.members[static_cast<size_t>(member)].silhouette);
            m_memberKeys[static_cast<size_t>(member)] = { static_cast<int>(c), key };
            key += 1;
            ++m_markCount;
        }
        ticker->addTick((first + key - 1) / 2, QString::number(c + 1));
        m_silhouetteBars.emplace_back(bars, std::move(members));
        key += gap;
    }
    keyAxis->setTicker(ticker);
    keyAxis->setRangeReversed(true);
    keyAxis->setRange(-gap / 2, std::max(1.0, key - gap / 2));
    keyAxis->setSubTicks(false);
    keyAxis->grid()->setVisible(false);
    keyAxis->setLabel(tr("Cluster"));
    double lowest = 0;
    for (const ClusterMember& m : m_input.members)
        lowest = std::min(lowest, m.silhouette);
    valueAxis->setRange(std::floor(10 * lowest) / 10 - 0.1, 1.0);
    valueAxis->setLabel(tr("Silhouette coefficient"));
    AxisTooltips::set(valueAxis, "silhouette");
    AxisTooltips::set(keyAxis, "cluster");
    auto* mean = new QCPItemStraightLine(m_plot);
    mean->setClipAxisRect(m_silhouette);
    mean->point1->setAxes(valueAxis, keyAxis);
    mean->point2->setAxes(valueAxis, keyAxis);
    mean->point1->setCoords(meanSilhouette(), 0);
    mean->point2->setCoords(meanSilhouette(), 1);
    mean->setPen(QPen(QColor(0x30, 0x30, 0x30), 1.0, Qt::DashLine));
    auto* label = new QCPItemText(m_plot);
    label->setClipAxisRect(m_silhouette);
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setAxisRect(m_silhouette);
    label->position->setCoords(0.98, 0.02);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    label->setFont(FigureStyle::font(FigureStyle::TextRole::Annotation));
    label->setText(tr("mean %1").arg(meanSilhouette(), 0, 'f', 2));
    label->setBrush(QColor(255, 255, 255, 220));
}

void ClusterView::addHighlights()
{
    if (m_highlighted.isEmpty())
        return;
    auto* marks
        = new QCPGraph(m_silhouette->axis(QCPAxis::atLeft), m_silhouette->axis(QCPAxis::atBottom));
    marks->removeFromLegend();
    marks->setLineStyle(QCPGraph::lsNone);
    marks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle,
        QPen(FigureStyle::highlightColor(), 1.2), FigureStyle::highlightColor(), 7));
    for (size_t i = 0; i < m_input.members.size(); ++i) {
        const ClusterMember& m = m_input.members[i];
        if (m_memberKeys[i].first >= 0 && m_highlighted.contains(LayerRef { m.modelKey, m.layer }))
            marks->addData(m_memberKeys[i].second, std::max(0.0, m.silhouette) + 0.03);
    }
}

void ClusterView::fillTables()
{
    const QStringList& features = m_input.featureNames;
    m_centroids->clear();
    m_centroids->setRowCount(static_cast<int>(m_input.clusters.size()));
    m_centroids->setColumnCount(2 + static_cast<int>(features.size()));
    m_centroids->setHorizontalHeaderLabels(QStringList { tr("Cluster"), tr("Layers") } + features);
    for (size_t c = 0; c < m_input.clusters.size(); ++c) {
        const int row = static_cast<int>(c);
        const auto size = std::count_if(m_input.members.begin(), m_input.members.end(),
            [c](const ClusterMember& m) { return m.cluster == static_cast<int>(c); });
        m_centroids->setItem(row, 0, cell(clusterName(row)));
        m_centroids->item(row, 0)->setForeground(FigureStyle::clusterColor(row).darker(120));
        m_centroids->setItem(row, 1, numberCell(static_cast<double>(size)));
        const auto& centroid = m_input.clusters[c].centroid;
        for (size_t f = 0; f < centroid.size() && f < static_cast<size_t>(features.size()); ++f)
            m_centroids->setItem(row, 2 + static_cast<int>(f), numberCell(centroid[f]));
    }
    m_centroids->resizeColumnsToContents();
    m_memberTable->setSortingEnabled(false);
    m_memberTable->clear();
    m_memberTable->setRowCount(static_cast<int>(m_input.members.size()));
    m_memberTable->setColumnCount(4);
    m_memberTable->setHorizontalHeaderLabels(
        { tr("Model"), tr("Layer"), tr("Cluster"), tr("Silhouette") });
    for (size_t i = 0; i < m_input.members.size(); ++i) {
        const ClusterMember& m = m_input.members[i];
        const int row = static_cast<int>(i);
        m_memberTable->setItem(row, 0, cell(m.model));
        m_memberTable->item(row, 0)->setData(
            Qt::UserRole, QVariant::fromValue(LayerRef { m.modelKey, m.layer }));
        m_memberTable->setItem(row, 1, cell(m.layerName));
        m_memberTable->setItem(row, 2, cell(clusterName(m.cluster)));
        m_memberTable->setItem(row, 3, numberCell(m.silhouette));
    }
    m_memberTable->setSortingEnabled(true);
    m_memberTable->resizeColumnsToContents();
}

void ClusterView::onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex)
{
    for (const auto& [bars, members] : m_silhouetteBars)
        if (bars == plottable && dataIndex >= 0 && dataIndex < static_cast<int>(members.size())) {
            const ClusterMember& m
                = m_input.members[static_cast<size_t>(members[static_cast<size_t>(dataIndex)])];
            emit layerClicked(LayerRef { m.modelKey, m.layer });
        }
}

QSizeF ClusterView::defaultExportSize() const
{
    return { std::clamp(4.0 + 0.3 * static_cast<double>(m_shares.size()), 6.5, 11.0), 4.0 };
}

QString ClusterView::csv() const
{
    CsvTable table({ "model", "layer", "layer_name", "cluster", "cluster_name", "silhouette" });
    for (const ClusterMember& m : m_input.members)
        table.row({ m.model, QString::number(m.layer), m.layerName, QString::number(m.cluster),
            clusterName(m.cluster), CsvTable::number(m.silhouette) });
    return table.toString();
}

QString ClusterView::centroidsCsv() const
{
    CsvTable table(QStringList { "cluster", "cluster_name" } + m_input.featureNames);
    for (size_t c = 0; c < m_input.clusters.size(); ++c) {
        QStringList row = { QString::number(c), clusterName(static_cast<int>(c)) };
        for (double v : m_input.clusters[c].centroid)
            row << CsvTable::number(v);
        table.row(row);
    }
    return table.toString();
}

} // namespace mensa::views
