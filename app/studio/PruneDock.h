#pragma once

#include "prune/PruneSweep.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

class QDockWidget;
class QLabel;
class QMainWindow;
class QPushButton;

namespace mensa {

namespace views {
class PruneFigure;
}

// The Pruning dock: the open model pruned at every ratio and granularity and run on the study's
// designs (core/prune, the same sweep as `mensa prune-sweep`), off the GUI thread; shows the
// speedup and the energy saving against the pruning ratio (views::PruneFigure). A new run or
// Cancel stops a running sweep at its next point and discards it.
class PruneDock : public QObject {
    Q_OBJECT
public:
    // `modelPath` gives the file of the model shown in the window ("" when none is open).
    PruneDock(QMainWindow* window, std::function<QString()> modelPath);
    ~PruneDock() override; // stops a running sweep and waits for it
    QDockWidget* dock() const { return m_dock; }
    views::PruneFigure* speedupFigure() const { return m_speedup; }
    views::PruneFigure* energyFigure() const { return m_energy; }
    // A sweep is computing or its end not yet handled (a scripted screenshot waits for it).
    bool isRunning() const { return m_pending; }
    // Starts a sweep of the open model; returns the one-line problem, or "" when it started.
    QString run();
    void cancel();

signals:
    // A sweep ended: "" with the figures redrawn, or the one-line problem.
    void finished(const QString& problem);

private:
    struct Outcome {
        PruneSweep sweep;
        std::string error;
    };
    void onFinished();
    void stopSweep();

    QMainWindow* m_window;
    std::function<QString()> m_modelPath;
    QDockWidget* m_dock;
    QLabel* m_status;
    QPushButton* m_run;
    QPushButton* m_cancel;
    views::PruneFigure* m_speedup;
    views::PruneFigure* m_energy;
    QFutureWatcher<Outcome> m_watcher;
    bool m_pending = false; // from run() until onFinished() has handled the last sweep
    std::shared_ptr<std::atomic<bool>> m_stop; // the running sweep's stop flag
};

} // namespace mensa
