#pragma once

#include "session/DesignSpaceRunner.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QMouseEvent;

namespace mensa {

// The Design space dock: runs a search of a design-space file (the shipped spaces or one the
// user opens) over the open models with progress and cancel, and plots every simulated point
// on two chosen metrics with the Pareto front highlighted. Hover shows a point's configuration;
// a click hands the point's spec on (pointChosen) to become a design in every view.
class DesignSpaceView : public QWidget {
    Q_OBJECT
public:
    using ModelSource = std::function<std::vector<std::shared_ptr<const Model>>()>;
    DesignSpaceView(ModelSource models, QWidget* parent = nullptr);

    // Adds a space file to the choices and selects it.
    void addSpace(const QString& path);
    QString spacePath() const;
    void run();
    void cancel();
    DesignSpaceRunner* runner() { return m_runner; }
    QCustomPlot* plot() { return m_plot; }
    // The metric keys of the axes: latency, energy, area, edp, top1_error.
    void setAxes(const QString& x, const QString& y);

signals:
    // A plotted point chosen: its design name and its spec as text (AcceleratorSpec or
    // SystemSpec protobuf text).
    void pointChosen(const QString& name, const QString& specText);

private:
    void onFinished();
    void replot();
    int pointAt(const QPointF& pixel) const;
    void onMouseMove(QMouseEvent* event);
    void onMousePress(QMouseEvent* event);
    QString describe(const PointResult& p) const;

    ModelSource m_models;
    DesignSpaceRunner* m_runner;
    QComboBox* m_space;
    QSpinBox* m_budget;
    QPushButton* m_run;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_status;
    QComboBox* m_x;
    QComboBox* m_y;
    QCustomPlot* m_plot;
    QLabel* m_codesign;
};

// The value of metric `key` at a point in display units (ms, mJ, mm^2, J*s, %).
double designSpaceMetric(const PointResult& p, const QString& key);

} // namespace mensa
