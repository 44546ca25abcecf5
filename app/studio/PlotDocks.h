#pragma once

#include "session/AnalysisSession.h"
#include "session/LayerSelection.h"

#include "FigureExportChoice.h"

#include <QObject>

class QMainWindow;
class QMenu;

namespace mensa {

// Docks the figure views (schedule Gantt chart, energy breakdown, design comparison,
// roofline, clusters) and feeds them from the session's Analysis through the one figure
// converter (views/FigurePipeline), so a dock shows exactly what an exported figure shows.
class PlotDocks : public QObject {
    Q_OBJECT
public:
    PlotDocks(QMainWindow* window, AnalysisSession* session, LayerSelection* selection);
    ~PlotDocks() override;

    // Refreshes every figure for the current model and design.
    void update(int currentModel, const QString& design);
    // File > Export Figures and --export-figures: every figure of every analysed model (the
    // same files as `mensa figures`) as PDF, SVG, PNG and CSV into `dir`. Returns an empty
    // string or the one-line error.
    QString exportAll(const QString& dir) const;
    // The figures, formats, size, DPI and font size of CHOICE (File > Export Figures).
    QString exportChosen(const views::FigureExportChoice& choice) const;
    // The names of the figures an export writes now (for the export dialog).
    QStringList figureNames() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace mensa
