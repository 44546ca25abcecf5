#include "PruneDock.h"

#include "PruneFigure.h"
#include "ScrollableDock.h"

#include "prune/ModelPruner.h"
#include "util/Error.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace mensa {

PruneDock::PruneDock(QMainWindow* window, std::function<QString()> modelPath)
    : QObject(window)
    , m_window(window)
    , m_modelPath(std::move(modelPath))
{
    auto* body = new QWidget(window);
    auto* layout = new QVBoxLayout(body);
    auto* row = new QHBoxLayout;
    m_run = new QPushButton(tr("Prune and Run"), body);
    m_run->setToolTip(tr("Prunes the open model at ratios 0.1-0.8 by element, channel and "
                         "array-width channel groups, and runs each on edge_tpu, eyeriss_v2 and "
                         "mensa (as mensa prune-sweep)"));
    m_cancel = new QPushButton(tr("Cancel"), body);
    m_cancel->setEnabled(false);
    m_status = new QLabel(tr("What pruning buys on each design: press Prune and Run."), body);
    m_status->setWordWrap(true);
    row->addWidget(m_run);
    row->addWidget(m_cancel);
    row->addWidget(m_status, 1);
    layout->addLayout(row);
    auto* figures = new QHBoxLayout;
    m_speedup = new views::PruneFigure(views::PruneFigure::Metric::Speedup, body);
    m_energy = new views::PruneFigure(views::PruneFigure::Metric::EnergySaving, body);
    for (views::PruneFigure* figure : { m_speedup, m_energy }) {
        figure->setMinimumSize(300, 200); // fits the bottom dock area of a 900-pixel-high window
        figures->addWidget(figure, 1);
    }
    layout->addLayout(figures, 1);

    m_dock
        = addScrollableDock(window, body, tr("Pruning"), "pruningDock", Qt::BottomDockWidgetArea);
    connect(m_run, &QPushButton::clicked, this, [this] {
        const QString problem = run();
        if (!problem.isEmpty())
            QMessageBox::warning(m_window, tr("Pruning"), problem);
    });
    connect(m_cancel, &QPushButton::clicked, this, &PruneDock::cancel);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &PruneDock::onFinished);
}

QString PruneDock::run()
{
    const QString path = m_modelPath();
    if (path.isEmpty()) {
        m_status->setText(tr("Open a model file first: the sweep prunes the ONNX file."));
        return m_status->text();
    }
    stopSweep(); // a sweep still running stops at its next point: this one replaces it
    m_stop = std::make_shared<std::atomic<bool>>(false);
    m_pending = true;
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_status->setText(
        tr("Pruning %1 and running it on every design…").arg(QFileInfo(path).fileName()));
    const std::string file = path.toStdString();
    m_watcher.setFuture(QtConcurrent::run([file, stop = m_stop] {
        Outcome out;
        try {
            PruneSweepOptions options;
            options.stopRequested = [stop] { return stop->load(); };
            out.sweep = runPruneSweep(readModelWithWeights(file), file, options);
        }
        catch (const std::exception& e) { // MensaError, or an ONNX or allocation failure
            out.error = e.what();
        }
        return out;
    }));
    return {};
}

PruneDock::~PruneDock()
{
    stopSweep();
    m_watcher.waitForFinished();
}

// Asks the running sweep to stop at its next point (it checks between points).
void PruneDock::stopSweep()
{
    if (m_stop)
        m_stop->store(true);
}

void PruneDock::cancel()
{
    if (!m_watcher.isRunning())
        return;
    stopSweep();
    m_status->setText(tr("Cancelled."));
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
}

void PruneDock::onFinished()
{
    const Outcome out = m_watcher.result();
    m_pending = false;
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    // A Cancel that came while the sweep computed its last point finds no next point to
    // stop at: the sweep returns whole, and is still discarded.
    if (out.sweep.cancelled || (m_stop && m_stop->load()))
        return;
    if (!out.error.empty()) {
        m_status->setText(QString::fromStdString(out.error));
        emit finished(m_status->text());
        return;
    }
    const QString model = QString::fromStdString(out.sweep.model);
    m_speedup->setCaption(tr("Pruning %1: speedup over the unpruned model").arg(model));
    m_energy->setCaption(tr("Pruning %1: energy saving over the unpruned model").arg(model));
    for (views::PruneFigure* figure : { m_speedup, m_energy }) {
        figure->setProvenance({ QStringLiteral("Mensa Studio " MENSA_VERSION),
            tr("pruning sweep of %1 (as mensa prune-sweep)").arg(model) });
        figure->setSweep(out.sweep);
    }
    m_status->setText(tr("%1 points: %2 pruned at ratios 0.1-0.8 on each design and granularity.")
                          .arg(out.sweep.points.size())
                          .arg(model));
    emit finished({});
}

} // namespace mensa
