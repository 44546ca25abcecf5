#include "StudioRunner.h"

#include "GraphvizGraph.h"
#include "LayerTableView.h"
#include "MainWindow.h"
#include "ModelGraphView.h"
#include "ScatterPlotView.h"
#include "session/SyntheticModel.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTimer>

#include <cmath>
#include <cstdio>

namespace mensa {

namespace {

int g_reportedErrors = 0; // messages the window showed during a scripted run

// Calls `then` once the window is settled, polling the event loop.
void whenSettled(MainWindow* window, int timeoutMs, std::function<void(bool)> then)
{
    auto* timer = new QTimer(window);
    auto* clock = new QElapsedTimer;
    clock->start();
    QObject::connect(timer, &QTimer::timeout, window, [=] {
        const bool settled = window->isSettled();
        if (!settled && clock->elapsed() < timeoutMs)
            return;
        timer->stop();
        timer->deleteLater();
        delete clock;
        then(settled);
    });
    timer->start(50);
}

void settleNow(MainWindow* window)
{
    QElapsedTimer t;
    t.start();
    while (!window->isSettled() && t.elapsed() < 120000)
        QApplication::processEvents(QEventLoop::AllEvents, 20);
}

double millis(const QElapsedTimer& t)
{
    return t.nsecsElapsed() / 1e6;
}

void report(const char* what, double value, const char* unit)
{
    std::printf("%-58s %10.2f %s\n", what, value, unit);
    std::fflush(stdout);
}

void benchParameterEdits(MainWindow* window)
{
    const int id = window->session()->addModel(
        std::make_shared<Model>(makeSyntheticModel(200, "synthetic_200")));
    window->setCurrentModel(id);
    settleNow(window);
    QElapsedTimer t;
    double worst = 0;
    for (ColorBy by : allColorBys()) {
        t.restart();
        window->setColorBy(by);
        QApplication::processEvents(); // queued replots
        window->grab(); // a full repaint of the window, as the user sees it
        worst = std::max(worst, millis(t));
    }
    report("200-layer model: colour-by change, worst of 5", worst, "ms");
    t.restart();
    window->scatterView()->setAxes("flopPerByte", "paramReuse", true, true);
    QApplication::processEvents();
    window->grab();
    report("200-layer model: scatter axis change", millis(t), "ms");
    t.restart();
    window->setCurrentDesign("edge_tpu");
    QApplication::processEvents();
    window->grab();
    report("200-layer model: design switch (table, scatter, colours)", millis(t), "ms");
    t.restart();
    window->session()->setDesigns({ "edge_tpu", "eyeriss_v2" });
    settleNow(window);
    window->grab();
    report("200-layer model: design list edit, re-simulated + redrawn", millis(t), "ms");
    window->session()->setDesigns(AnalysisSession::defaultDesigns());
    settleNow(window);
}

void benchScatterPan()
{
    LayerSelection selection;
    ScatterPlotView view(&selection);
    view.resize(900, 600);
    view.show();
    auto analysis = std::make_shared<ModelAnalysis>();
    analysis->model = std::make_shared<Model>(makeSyntheticModel(10000, "synthetic_10k"));
    QElapsedTimer t;
    t.start();
    view.setSources({ { 1, analysis, "synthetic_10k" } });
    view.setAxes("activationBytes", "outputActBytes", true, true);
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    report("10,000-layer scatter: build + first plot", millis(t), "ms");
    std::printf("  (%d points plotted)\n", view.pointCount());
    const int frames = 40;
    QCPRange x = view.plot()->xAxis->range();
    t.restart();
    for (int i = 0; i < frames; ++i) { // pan by 1/40 of the range per frame, like a mouse drag
        const double f = std::pow(x.upper / x.lower, 0.025 * (i % 2 ? 1 : -1));
        view.plot()->xAxis->setRange(
            view.plot()->xAxis->range().lower * f, view.plot()->xAxis->range().upper * f);
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        view.plot()->grab(); // paint the buffers to a pixmap: the full cost of a frame
    }
    report("10,000-point scatter: pan replot + paint, mean per frame", millis(t) / frames, "ms");
    report("10,000-point scatter: QCustomPlot replotTime (last frame)", view.plot()->replotTime(),
        "ms");
}

void benchGraphLayout()
{
    Model model = makeSyntheticModel(3000, "synthetic_3000");
    for (auto [label, options] : { std::pair { "all layers", GraphOptions { false, false, 3 } },
             std::pair { "compute layers only", GraphOptions { true, false, 3 } },
             std::pair { "compute only + folded chains", GraphOptions { true, true, 3 } } }) {
        QElapsedTimer t;
        t.start();
        GraphDescription d = buildGraphDescription(model, {}, options);
        const double build = millis(t);
        GraphLayout layout = layoutGraph(d);
        char what[128];
        std::snprintf(
            what, sizeof what, "3,000-layer graph, %s (%zu nodes): layout", label, d.nodes.size());
        report(what, layout.milliseconds + build, "ms");
    }
    // The whole widget path: description, worker-thread layout, scene items on the GUI thread.
    LayerSelection selection;
    ModelGraphView view(&selection);
    view.resize(900, 900);
    view.show();
    auto analysis = std::make_shared<ModelAnalysis>();
    analysis->model = std::make_shared<Model>(std::move(model));
    QElapsedTimer t;
    t.start();
    view.setAnalysis(1, analysis);
    const double blocked = millis(t);
    while (view.isLayoutPending())
        QApplication::processEvents(QEventLoop::AllEvents, 10);
    view.grab();
    report("3,000-layer graph view: GUI thread busy before layout starts", blocked, "ms");
    report("3,000-layer graph view: until drawn (layout in worker thread)", millis(t), "ms");
    t.restart();
    view.grab();
    report("3,000-layer graph view: repaint at fit zoom", millis(t), "ms");
}

} // namespace

void reportErrorsOnStderr(MainWindow* window)
{
    window->setAskForInputShapes(false); // a scripted run has no one to answer a dialog
    QObject::connect(window, &MainWindow::errorShown, window, [](const QString& message) {
        std::fprintf(stderr, "mensa-studio: %s\n", qPrintable(message));
        ++g_reportedErrors;
    });
}

QString raiseDock(MainWindow* window, const QString& title)
{
    QStringList titles;
    for (QDockWidget* dock : window->findChildren<QDockWidget*>()) {
        if (dock->windowTitle().compare(title, Qt::CaseInsensitive) == 0) {
            dock->show();
            dock->raise();
            return {};
        }
        titles << "'" + dock->windowTitle() + "'";
    }
    return QString("--raise '%1': no such dock; the docks are %2").arg(title, titles.join(", "));
}

QSize parseGeometry(const QString& text)
{
    static const QRegularExpression pattern("^(\\d{1,5})[xX](\\d{1,5})$");
    const QRegularExpressionMatch m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return {};
    const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
    return size.width() > 0 && size.height() > 0 ? size : QSize();
}

void scheduleScreenshot(MainWindow* window, const QString& path, int timeoutMs)
{
    whenSettled(window, timeoutMs, [window, path](bool settled) {
        // One more turn of the event loop so queued replots are painted.
        QTimer::singleShot(300, window, [window, path, settled] {
            const bool saved = window->grab().save(path);
            if (!saved)
                std::fprintf(
                    stderr, "mensa-studio: %s: cannot write screenshot\n", qPrintable(path));
            if (!settled)
                std::fprintf(
                    stderr, "mensa-studio: analysis did not finish before the screenshot\n");
            QApplication::exit(saved && settled && g_reportedErrors == 0 ? 0 : 1);
        });
    });
}

void scheduleFigureExport(MainWindow* window, const QString& dir, int timeoutMs)
{
    whenSettled(window, timeoutMs, [window, dir](bool settled) {
        if (!settled) {
            std::fprintf(stderr, "mensa-studio: analysis did not finish before the export\n");
            QApplication::exit(1);
            return;
        }
        const QString error = window->exportFiguresTo(dir);
        if (!error.isEmpty())
            std::fprintf(stderr, "mensa-studio: %s\n", qPrintable(error));
        QApplication::exit(error.isEmpty() && g_reportedErrors == 0 ? 0 : 1);
    });
}

void runStudioBench(MainWindow* window, qint64 launchMs)
{
    report("launch to interactive window with the default model", double(launchMs), "ms");
    benchParameterEdits(window);
    benchScatterPan();
    benchGraphLayout();
    QApplication::exit(0);
}

} // namespace mensa
