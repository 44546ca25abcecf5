#pragma once

#include "FigureView.h"

#include "calibrate/Calibrator.h"

namespace mensa::views {

// Predicted against measured on log-log axes for one quantity of a calibration: the spec before
// calibration (hollow), after it (filled) and, when it was run, each model predicted with the
// fit made without it (leave-one-out), over the line y = x and the band of +- the fit's RMS log
// error (y = x e^(+-rms), the calibrated spec's typical error).
class CalibrationFigure : public FigureView {
    Q_OBJECT
public:
    explicit CalibrationFigure(QWidget* parent = nullptr);

    void setReport(const CalibrationReport& report, FitQuantity quantity = FitQuantity::Latency);
    // The band's half width as a factor, e^rms of the fit (1 without points).
    double bandFactor() const { return m_bandFactor; }

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet&) override { }
    int markCount() const override { return m_markCount; }
    QSizeF defaultExportSize() const override { return { 5.0, 4.6 }; }

private:
    void rebuild();

    QCustomPlot* m_plot = nullptr;
    CalibrationReport m_report;
    FitQuantity m_quantity = FitQuantity::Latency;
    double m_bandFactor = 1;
    int m_markCount = 0;
};

} // namespace mensa::views
