#pragma once

#include <QObject>
#include <QString>

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
// as `mensa calibrate`) when asked and the first time the dock is shown; shows the fit's summary
// and predicted against measured (views::CalibrationFigure), and saves the calibrated spec.
class CalibrationDock : public QObject {
    Q_OBJECT
public:
    explicit CalibrationDock(QMainWindow* window);
    QDockWidget* dock() const { return m_dock; }
    views::CalibrationFigure* figure() const { return m_figure; }
    // Calibrates the chosen spec on the chosen file; returns the one-line problem, or "".
    QString calibrate();

private:
    void saveCalibratedSpec();

    QMainWindow* m_window;
    QDockWidget* m_dock;
    QLineEdit* m_measurements;
    QComboBox* m_spec;
    QLabel* m_summary;
    views::CalibrationFigure* m_figure;
    QString m_calibratedText; // the last calibrated spec, "" before the first fit
    bool m_ran = false;
};

} // namespace mensa
