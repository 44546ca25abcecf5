#include "DesignSpaceView.h"

#include "NiceLogTicker.h"

#include "dse/PointTable.h"
#include "util/ResourceLocator.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

namespace mensa {
namespace {

// A log axis gets ticks at 1, 2, 5 x 10^k (the default ticker puts linear steps on it).
void setScale(QCPAxis* axis, bool logarithmic)
{
    axis->setScaleType(logarithmic ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (logarithmic)
        axis->setTicker(QSharedPointer<views::NiceLogTicker>::create());
    else
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
}

struct MetricChoice {
    const char* key;
    const char* label;
};

constexpr MetricChoice kMetrics[] = { { "latency", "Latency [ms]" }, { "energy", "Energy [mJ]" },
    { "area", "Area [mm²]" }, { "edp", "EDP [J·s]" }, { "top1_error", "Top-1 error [%]" } };

// The core's sentence on which access energies followed the axes, as a sentence of the status.
QString scalingSentence(const SearchSpace& space)
{
    QString text = QString::fromStdString(energyScalingText(space));
    if (text.isEmpty())
        return {};
    text[0] = text[0].toUpper();
    return " " + text + ".";
}

// Shows `data` with a margin; computed from the data, not rescaleAxes(), so that points that
// all share a value (a resized register file leaves the latency alone) stay centred.
void padRange(QCPAxis* axis, const QCPRange& data)
{
    if (axis->scaleType() == QCPAxis::stLogarithmic)
        axis->setRange(data.lower / 1.2, data.upper * 1.2);
    else
        axis->setRange(
            data.lower - 0.05 * data.size() - 0.5, data.upper + 0.05 * data.size() + 0.5);
}

QString metricLabel(const QString& key)
{
    for (const auto& m : kMetrics)
        if (key == m.key)
            return QObject::tr(m.label);
    return key;
}

QCPGraph* addScatter(QCustomPlot* plot, const QColor& color, double size, const QString& name)
{
    QCPGraph* g = plot->addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, size));
    g->setName(name);
    return g;
}

} // namespace

double designSpaceMetric(const PointResult& p, const QString& key)
{
    if (key == "latency")
        return p.latency * 1e3;
    if (key == "energy")
        return p.energy * 1e3;
    if (key == "area")
        return p.area;
    if (key == "edp")
        return p.edp;
    return 100.0 - p.top1;
}

DesignSpaceView::DesignSpaceView(ModelSource models, QWidget* parent)
    : QWidget(parent)
    , m_models(std::move(models))
    , m_runner(new DesignSpaceRunner(this))
    , m_space(new QComboBox(this))
    , m_budget(new QSpinBox(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_x(new QComboBox(this))
    , m_y(new QComboBox(this))
    , m_plot(new QCustomPlot(this))
    , m_codesign(new QLabel(this))
{
    const QString dir
        = QString::fromStdString(ResourceLocator().foundDir(ResourceKind::SearchSpaces));
    for (const QFileInfo& f : QDir(dir).entryInfoList({ "*.textproto" }, QDir::Files, QDir::Name))
        m_space->addItem(f.completeBaseName(), f.absoluteFilePath());
    m_space->addItem(tr("Open…"));
    m_space->setToolTip(tr("A search-space file (docs/design-space-exploration.md)"));
    m_budget->setRange(10, 100000);
    m_budget->setValue(500);
    m_budget->setPrefix(tr("budget "));
    m_budget->setToolTip(tr("Points a black-box search evaluates (spaces up to 20,000 points "
                            "are enumerated)"));
    m_cancel->setEnabled(false);
    m_status->setWordWrap(true);
    m_codesign->setWordWrap(true);
    m_codesign->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (const auto& m : kMetrics) {
        m_x->addItem(tr(m.label), m.key);
        m_y->addItem(tr(m.label), m.key);
    }
    m_x->setCurrentIndex(0);
    m_y->setCurrentIndex(1);
    auto* top = new QHBoxLayout;
    top->addWidget(m_space, 1);
    top->addWidget(m_budget);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    auto* axes = new QHBoxLayout;
    axes->addWidget(new QLabel(tr("x"), this));
    axes->addWidget(m_x, 1);
    axes->addWidget(new QLabel(tr("y"), this));
    axes->addWidget(m_y, 1);
    // Controls and the co-design comparison on the left, the plot on the right: the dock sits
    // in the wide bottom area.
    auto* controls = new QVBoxLayout;
    controls->addLayout(top);
    controls->addLayout(buttons);
    controls->addWidget(m_progress);
    controls->addWidget(m_status);
    controls->addLayout(axes);
    controls->addWidget(m_codesign, 1);
    auto* right = new QVBoxLayout;
    right->addWidget(m_plot, 1);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls, 2);
    layout->addLayout(right, 3);
    m_codesign->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_plot->setMinimumSize(260, 180);
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend); // below the axes, never over points
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(m_space, &QComboBox::activated, this, [this](int index) {
        if (m_space->itemData(index).isValid())
            return;
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a search space"), QString(), tr("Search spaces (*.textproto)"));
        if (!path.isEmpty())
            addSpace(path);
    });
    connect(m_run, &QPushButton::clicked, this, &DesignSpaceView::run);
    connect(m_cancel, &QPushButton::clicked, this, &DesignSpaceView::cancel);
    connect(
        m_runner, &DesignSpaceRunner::progress, this, [this](qulonglong done, qulonglong total) {
            m_progress->setRange(0, int(std::min<qulonglong>(total, 1u << 30)));
            m_progress->setValue(int(std::min(done, total)));
        });
    connect(m_runner, &DesignSpaceRunner::finished, this, &DesignSpaceView::onFinished);
    connect(m_x, &QComboBox::currentIndexChanged, this, &DesignSpaceView::replot);
    connect(m_y, &QComboBox::currentIndexChanged, this, &DesignSpaceView::replot);
    connect(m_plot, &QCustomPlot::mouseMove, this, &DesignSpaceView::onMouseMove);
    connect(m_plot, &QCustomPlot::mousePress, this, &DesignSpaceView::onMousePress);
    replot(); // axis labels and legend before the first run; an empty legend squeezes the axes
}

void DesignSpaceView::addSpace(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    int index = m_space->findData(absolute);
    if (index < 0) {
        index = m_space->count() - 1; // before "Open…"
        m_space->insertItem(index, QFileInfo(path).completeBaseName(), absolute);
    }
    m_space->setCurrentIndex(index);
}

QString DesignSpaceView::spacePath() const
{
    return m_space->currentData().toString();
}

void DesignSpaceView::setAxes(const QString& x, const QString& y)
{
    m_x->setCurrentIndex(std::max(0, m_x->findData(x)));
    m_y->setCurrentIndex(std::max(0, m_y->findData(y)));
}

void DesignSpaceView::run()
{
    if (spacePath().isEmpty()) {
        m_status->setText(tr("Choose a search-space file first."));
        return;
    }
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Searching %1…").arg(QFileInfo(spacePath()).fileName()));
    m_runner->start(spacePath(), m_models(), uint64_t(m_budget->value()));
}

void DesignSpaceView::cancel()
{
    m_runner->cancel();
}

void DesignSpaceView::onFinished()
{
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    const DesignSpaceResult& r = m_runner->result();
    m_progress->setRange(0, 1);
    m_progress->setValue(r.error.empty() && !r.cancelled ? 1 : 0);
    if (!r.error.empty())
        m_status->setText(QString::fromStdString(r.error));
    else if (r.cancelled)
        m_status->setText(tr("Cancelled."));
    else
        m_status->setText(tr("%1 of %2 points simulated (%3), %4 within the constraints; "
                             "Pareto front %5 points. Click a point to use it as a design.")
                              .arg(r.tally.evaluated)
                              .arg(r.space->pointCount())
                              .arg(QString::fromStdString(r.mode))
                              .arg(r.tally.feasible)
                              .arg(r.front.size())
            + scalingSentence(*r.space));
    m_codesign->setText(r.codesign.empty()
            ? QString()
            : QString::fromStdString(codesignText(*r.space, r.codesign)).trimmed());
    replot();
}

void DesignSpaceView::replot()
{
    m_plot->clearGraphs();
    const DesignSpaceResult& r = m_runner->result();
    const QString x = m_x->currentData().toString(), y = m_y->currentData().toString();
    m_plot->xAxis->setLabel(metricLabel(x));
    m_plot->yAxis->setLabel(metricLabel(y));
    // Costs span decades; accuracy does not.
    setScale(m_plot->xAxis, x != "top1_error");
    setScale(m_plot->yAxis, y != "top1_error");
    QCPGraph* other
        = addScatter(m_plot, QColor(0xB0, 0xB0, 0xB0), 4, tr("outside the constraints"));
    QCPGraph* feasible
        = addScatter(m_plot, QColor(0x00, 0x72, 0xB2), 4, tr("within the constraints"));
    QCPGraph* front
        = addScatter(m_plot, QColor(0xD5, 0x5E, 0x00), 8, tr("Pareto front (all metrics)"));
    QCPRange xs, ys; // the data's extent
    for (size_t i = 0; i < r.points.size(); ++i) {
        const double px = designSpaceMetric(r.points[i], x), py = designSpaceMetric(r.points[i], y);
        (r.points[i].feasible ? feasible : other)->addData(px, py);
        xs = i ? QCPRange(std::min(xs.lower, px), std::max(xs.upper, px)) : QCPRange(px, px);
        ys = i ? QCPRange(std::min(ys.lower, py), std::max(ys.upper, py)) : QCPRange(py, py);
    }
    for (const PointResult& p : r.front)
        front->addData(designSpaceMetric(p, x), designSpaceMetric(p, y));
    if (!r.points.empty()) {
        padRange(m_plot->xAxis, xs);
        padRange(m_plot->yAxis, ys);
    }
    else { // before a run: a range the scale can show (a log axis cannot start at 0)
        for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis })
            axis->setRange(
                axis->scaleType() == QCPAxis::stLogarithmic ? QCPRange(0.1, 10) : QCPRange(0, 100));
    }
    m_plot->replot();
}

int DesignSpaceView::pointAt(const QPointF& pixel) const
{
    const DesignSpaceResult& r = m_runner->result();
    const QString x = m_x->currentData().toString(), y = m_y->currentData().toString();
    int best = -1;
    double bestDistance = 8 * 8;
    for (size_t i = 0; i < r.points.size(); ++i) {
        const double dx
            = m_plot->xAxis->coordToPixel(designSpaceMetric(r.points[i], x)) - pixel.x();
        const double dy
            = m_plot->yAxis->coordToPixel(designSpaceMetric(r.points[i], y)) - pixel.y();
        if (dx * dx + dy * dy < bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = int(i);
        }
    }
    return best;
}

QString DesignSpaceView::describe(const PointResult& p) const
{
    const SearchSpace& space = *m_runner->result().space;
    const std::vector<int> choices = space.choicesOf(p.index);
    QStringList lines {
        tr("point %1%2").arg(p.index).arg(p.feasible ? "" : tr(" (outside the constraints)"))
    };
    for (size_t k = 0; k < space.axes.size(); ++k)
        lines << QString::fromStdString(
            space.axes[k].field + " = " + space.axes[k].labels[size_t(choices[k])]);
    lines << tr("latency %1 ms, energy %2 mJ, area %3 mm²")
                 .arg(p.latency * 1e3, 0, 'g', 4)
                 .arg(p.energy * 1e3, 0, 'g', 4)
                 .arg(p.area, 0, 'g', 4);
    if (space.hasModelAxis())
        lines << tr("ImageNet top-1 %1 %").arg(p.top1, 0, 'f', 1);
    return lines.join('\n');
}

void DesignSpaceView::onMouseMove(QMouseEvent* event)
{
    const int i = pointAt(event->position());
    if (i < 0) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(
        event->globalPosition().toPoint(), describe(m_runner->result().points[size_t(i)]), m_plot);
}

void DesignSpaceView::onMousePress(QMouseEvent* event)
{
    const int i = pointAt(event->position());
    if (i < 0 || event->button() != Qt::LeftButton)
        return;
    const DesignSpaceResult& r = m_runner->result();
    const PointResult& p = r.points[size_t(i)];
    const std::string text = bestSpecText(*r.space, r.space->objectives.front(), p);
    const std::string name = r.space->base->name() + "_" + r.space->objectives.front().name + "_"
        + std::to_string(p.index);
    emit pointChosen(QString::fromStdString(name), QString::fromStdString(text));
}

} // namespace mensa
