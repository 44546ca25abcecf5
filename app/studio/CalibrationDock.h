#pragma once

#include "calibrate/Calibrator.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <string>

class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMainWindow;

namespace mensa {

namespace views {
class CalibrationFigure;
}

// The Calibration dock: a measurements file and a spec, calibrated (core/calibrate, the same fit
// as `mensa calibrate`) off the GUI thread when asked and the first time the dock is shown;
// shows the fit's summary and predicted against measured (views::CalibrationFigure), and saves
// the calibrated spec. A new run replaces one still computing, whose result is dropped.
class CalibrationDock : public QObject {
    Q_OBJECT
public:
    explicit CalibrationDock(QMainWindow* window);
    ~CalibrationDock() override; // waits for a running fit
    QDockWidget* dock() const { return m_dock; }
    views::CalibrationFigure* figure() const { return m_figure; }
    QString summary() const;
    // Starts calibrating the chosen spec on the chosen file; `finished` reports the outcome.
    void calibrate();
    // Sets the measurements file and the spec (a built-in name or a path) the next run uses.
    void setInputs(const QString& measurements, const QString& spec);
    // The calibrated spec's text of the last fit, "" before one succeeded.
    QString calibratedText() const { return m_calibratedText; }
    // A fit is computing or its result not yet shown (a scripted screenshot waits for it).
    bool isRunning() const { return m_pending; }

signals:
    // A run ended: "" with the figure and summary redrawn, or the one-line problem.
    void finished(const QString& problem);

private:
    struct Outcome {
        CalibrationReport report;
        std::string measurementsPath;
        std::string calibratedText;
        std::string error;
    };
    static Outcome fit(const std::string& measurements, const std::string& spec);
    void onFinished();
    void showOutcome(const Outcome& out);
    void saveCalibratedSpec();

    QMainWindow* m_window;
    QDockWidget* m_dock;
    QLineEdit* m_measurements;
    QComboBox* m_spec;
    QLabel* m_summary;
    views::CalibrationFigure* m_figure;
    QString m_calibratedText; // the last calibrated spec, "" before the first fit
    bool m_ran = false;
    bool m_pending = false; // from calibrate() until onFinished() has shown the last run
    bool m_askedByUser = false; // a problem of a run the user started gets a message box
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace mensa
