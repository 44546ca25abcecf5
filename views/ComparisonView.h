#pragma once

#include "FigureView.h"

#include <QList>
#include <QStringList>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QCPAxisRect;
class QMouseEvent;
class QCPBars;
class QCPLayoutGrid;

namespace mensa::views {

enum class ComparisonMetric { Throughput, EnergyEfficiency, Utilization };

// How one design ran one model (per inference).
struct DesignResult {
    QString design;
    QString model;
    double throughput = 0; // inferences per second
    double energy = 0; // joules per inference
    double utilization = 0; // 0..1
    QString kind = {}; // the model's study kind (CNN, LSTM, Transducer, RCNN); may be empty
};

// A published ratio (design over baseline) drawn beside the measured geomean.
struct ReferenceValue {
    QString design;
    QString baseline;
    ComparisonMetric metric = ComparisonMetric::Throughput;
    double value = 0;
    QString label = "paper-reported";
};

// Designs compared to a chosen baseline: one panel per metric (throughput and energy
// efficiency as ratios to the baseline, utilization in percent), grouped bars per model
// plus the geometric mean, and
// optional published values drawn hatched beside the geomean bars.
class ComparisonView : public FigureView {
    Q_OBJECT
public:
    explicit ComparisonView(QWidget* parent = nullptr);

    void setResults(std::vector<DesignResult> results);
    void setReferences(std::vector<ReferenceValue> references);
    void setBaseline(const QString& design);
    void setMetrics(const QList<ComparisonMetric>& metrics);
    QString baseline() const { return m_baseline; }
    // Below the plot: why the models sit where they do against the paper's hatched average
    // (core's comparePaperAverage over the measured ratios); empty without references.
    QString paperNote() const;

    QStringList designs() const { return m_designs; }
    QStringList models() const { return m_models; }
    // Ratio design/baseline for one model, or nullopt when either value is missing.
    std::optional<double> normalized(
        const QString& design, const QString& model, ComparisonMetric metric) const;
    std::optional<double> geomean(const QString& design, ComparisonMetric metric) const;
    static QString metricName(ComparisonMetric metric);
    // Text shown when hovering the bar at this pixel of the plot (empty off the bars):
    // design, model and the plotted value.
    QString descriptionAt(const QPointF& pixel) const;

    QCustomPlot* plot() const override { return m_plot; }
    QString csv() const override;
    void setHighlightedLayers(const LayerSet&) override { } // per-model figure: no layers
    int markCount() const override { return m_markCount; }
    QSizeF defaultExportSize() const override;
    // Panels stacked (Vertical, the print layout) or side by side (Horizontal, chosen for
    // wide, short docks where stacked panels would be too flat to read).
    Qt::Orientation arrangement() const { return m_arrangement; }
    void setArrangement(Qt::Orientation arrangement);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void onMouseMove(QMouseEvent* event);
    void clearPanels();
    QCPAxisRect* addPanel(ComparisonMetric metric, int index, bool showLabels);
    void addBars(QCPAxisRect* rect, ComparisonMetric metric);
    void addReferenceBars(QCPAxisRect* rect, ComparisonMetric metric, double& maxValue);
    void addLegend();
    QCPBars* makeBars(QCPAxisRect* rect, const QString& design, double width);
    void addValueLabel(
        QCPAxisRect* rect, double key, double value, const QColor& colour, bool ratio);
    void addSeparator(QCPAxisRect* rect);
    // What a panel draws: ratios to the baseline, except utilization in percent.
    static bool isRatio(ComparisonMetric metric);
    std::optional<double> plotted(
        const QString& design, const QString& model, ComparisonMetric metric) const;
    std::optional<double> plottedGeomean(const QString& design, ComparisonMetric metric) const;
    const DesignResult* find(const QString& design, const QString& model) const;
    const ReferenceValue* reference(const QString& design, ComparisonMetric metric) const;
    // The geomean group holds each design's bar, followed by its reference bar if any.
    int geomeanSlotCount(ComparisonMetric metric) const;
    int geomeanSlot(int designIndex, ComparisonMetric metric) const;
    double slotOffset(int slot, int count) const;

    QCustomPlot* m_plot = nullptr;
    QComboBox* m_baselineBox = nullptr;
    QLabel* m_note = nullptr;
    std::vector<DesignResult> m_results;
    std::vector<ReferenceValue> m_references;
    QList<ComparisonMetric> m_metrics;
    QStringList m_designs;
    QStringList m_models;
    QString m_baseline;
    QCPLayoutGrid* m_panelGrid = nullptr; // below the legend row
    QList<QCPAxisRect*> m_panels;
    Qt::Orientation m_arrangement = Qt::Vertical;
    int m_markCount = 0;
};

} // namespace mensa::views
