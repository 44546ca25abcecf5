#pragma once

#include "FigureView.h"

#include "schedule/MaeExplorer.h"

#include <string>
#include <vector>

class QCPTextElement;

namespace mensa::views {

// Multi-accelerator execution (MAE) of one model on one multi-unit design: the
// latency/energy front of layer-to-unit mappings (step line and diamonds), each unit alone
// with its GPU fallback (labelled squares) and the MAE mapping each latency weight picks
// (circles), with the best MAEG in the title line. The numbers are core's (MaeReport).
class MaeFigure : public FigureView {
    Q_OBJECT
public:
    explicit MaeFigure(QWidget* parent = nullptr);

    // REPORT of MODEL on the units UNIT_NAMES; an empty report clears the figure and shows
    // NOTICE instead (e.g. "the design has a single unit").
    void setReport(const MaeReport& report, const std::string& model, const QString& notice = {});

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet&) override { } // points are mappings, not layers
    int markCount() const override;
    // The title line: the best MAEG, its weight and the unit it beats; empty without one.
    QString titleText() const;

private:
    void rebuild();

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr; // the MAEG line, above the plot: inside it covered points
    MaeReport m_report;
    std::string m_model;
    QString m_notice;
};

} // namespace mensa::views
